// THE crash test: while a sender delivers signed webhooks (unique delivery ids, a few at once, retrying what
// was not acknowledged like a real sender) and the monitor polls new records every second, the runtime is
// killed with SIGKILL at seeded random moments and restarted. After a last clean start drains the queue,
// every acknowledged delivery and every new record has exactly one succeeded event, none is lost.
//
// Side effects (POST /results) may happen twice for one event only when a kill fell between the call and the
// commit of its outcome (at-least-once execution): that count is reported, and bounded, not required to be 0.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { useE2eWorld, freePort, type E2eProject } from './e2e-project.js';
import type { FakeSaas } from './fake-saas.js';
import { RuntimeProcess } from './runtime-process.js';
import { sendDelivery } from './send-delivery.js';
import { sleep, waitUntil } from './wait-until.js';

const KILLS = 3;
/** Reproduce a failing run with E2E_CRASH_SEED=<the seed it printed>. */
const SEED = Number(process.env.E2E_CRASH_SEED ?? 20261123);
const KILL_AFTER_MS: readonly [number, number] = [800, 3000];
const SENDERS = 3;
const PAUSE_BETWEEN_DELIVERIES_MS = 40;
const NEW_RECORD_EVERY_MS = 250;
/** The service answers POST /results this long after doing it: most kills find executions in flight. */
const RESULT_DELAY_MS = 60;
/** The flows' concurrency (flows/on-pushed.yaml 4, flows/on-listed.yaml 2): executions one kill can interrupt. */
const MAX_IN_FLIGHT = 4 + 2;

/** mulberry32: a small seeded generator, so the kill moments of a run can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface EventRow {
  flow: string;
  dedupe_key: string | null;
  status: string;
  payload_json: string;
}

interface ExecutionRow {
  target: string;
  status: string;
  input_json: string | null;
}

/** Reads straight from the database (read-only; the runtime may be running). */
function readDatabase<T>(dataDir: string, sql: string): T[] {
  const db = new Database(path.join(dataDir, 'runtime.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const eventRows = (dataDir: string) => readDatabase<EventRow>(dataDir, 'SELECT flow, dedupe_key, status, payload_json FROM events');
const executionRows = (dataDir: string) => readDatabase<ExecutionRow>(dataDir, "SELECT target, status, input_json FROM executions WHERE kind = 'flow'");

describe('runtime start (e2e): kill -9 while webhooks arrive and polls run', function () {
  this.timeout(120_000);
  let saas: FakeSaas;
  let project: E2eProject;

  useE2eWorld((world) => {
    ({ saas, project } = world);
  });

  it(`loses nothing and runs each acknowledged event exactly once over ${KILLS} kills (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const port = await freePort();
    const start = () => RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });

    saas.resultDelayMs = RESULT_DELAY_MS;
    saas.addRecords(2); // there before the first poll: seeded, never emitted
    let runtime = await start();
    const hook = saas.created[0]!;
    await waitUntil(() => project.read((s) => s.polling.getCursor('on-listed'))?.seeded === true, { what: () => 'the monitor to be seeded' });

    // The sender: each lane delivers new ids one after another, and repeats an unacknowledged one until it is.
    const acknowledged = new Set<string>();
    let sending = true;
    let nextDelivery = 0;
    let refusedOrLost = 0;
    const lane = async (): Promise<void> => {
      while (sending) {
        const id = `d-${++nextDelivery}`;
        for (;;) {
          const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: id, record: { id, title: `Delivery ${id}` } }).catch(() => undefined);
          if (answer && answer.status >= 200 && answer.status < 300) {
            acknowledged.add(id);
            break;
          }
          if (answer && answer.status !== 503) throw new Error(`delivery ${id} answered ${answer.status}: ${answer.body}`);
          refusedOrLost++;
          await sleep(100);
        }
        await sleep(PAUSE_BETWEEN_DELIVERIES_MS);
      }
    };
    const lanes = Array.from({ length: SENDERS }, lane);

    // New records for the monitor, while everything else happens.
    const added: string[] = [];
    const adder = setInterval(() => added.push(...saas.addRecords(1)), NEW_RECORD_EVERY_MS);

    const killDelays: number[] = [];
    const requeued: number[] = [];
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const delay = Math.round(KILL_AFTER_MS[0] + random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]));
        killDelays.push(delay);
        await sleep(delay);
        await runtime.crash();
        runtime = await start();
        const line = runtime.find('re-queued events interrupted by the last stop');
        requeued.push(typeof line?.requeued === 'number' ? line.requeued : 0);
      }
      await sleep(1000);
    } finally {
      sending = false;
      clearInterval(adder);
    }
    await Promise.all(lanes);
    expect(await runtime.stop(), 'a clean stop after the kills').to.equal(0);

    // The last clean start drains the queue and polls once more for the last records.
    const lastPolls = saas.sinces.length;
    runtime = await start();
    await waitUntil(() => {
      const rows = eventRows(project.dataDir);
      return saas.sinces.length > lastPolls + 1 && rows.every((r) => r.status === 'succeeded' || r.status === 'failed');
    }, { timeoutMs: 30_000, what: () => `the queue to drain; logs:\n${runtime.describe()}` });
    expect(await runtime.stop()).to.equal(0);

    expect(saas.created, 'remote hooks created over all the restarts').to.have.length(1);
    expect(saas.deleted).to.deep.equal([]);

    const rows = eventRows(project.dataDir);
    const succeeded = (flow: string, keyOf: (r: EventRow) => string) => {
      const counts = new Map<string, number>();
      for (const r of rows) if (r.flow === flow && r.status === 'succeeded') counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
      return counts;
    };
    expect(rows.filter((r) => r.status !== 'succeeded'), 'events not succeeded').to.deep.equal([]);

    // Webhooks: exactly one succeeded event per acknowledged delivery, and nothing that was not sent.
    const perDelivery = succeeded('on-pushed', (r) => r.dedupe_key ?? '(no key)');
    const lost = [...acknowledged].filter((id) => !perDelivery.has(id));
    const repeated = [...perDelivery].filter(([, n]) => n !== 1);
    expect(lost, 'acknowledged deliveries without an event').to.deep.equal([]);
    expect(repeated, 'deliveries with more than one event').to.deep.equal([]);
    expect([...perDelivery.keys()].every((id) => acknowledged.has(id)), 'every stored delivery was acknowledged at last').to.equal(true);

    // Polling: every record added after the seeding run, exactly once.
    const perRecord = succeeded('on-listed', (r) => (JSON.parse(r.payload_json) as { id: string }).id);
    expect([...perRecord.keys()].sort(), 'records emitted').to.deep.equal([...added].sort());
    expect([...perRecord].filter(([, n]) => n !== 1), 'records emitted more than once').to.deep.equal([]);

    // Execution records: exactly one completed (succeeded) execution per event; none left looking as if it ran.
    const executions = executionRows(project.dataDir);
    const completed = new Map<string, number>();
    for (const e of executions) {
      if (e.status !== 'succeeded') continue;
      const key = `${e.target}:${(JSON.parse(e.input_json ?? '{}') as { id?: string }).id}`;
      completed.set(key, (completed.get(key) ?? 0) + 1);
    }
    const expected = [...[...acknowledged].map((id) => `on-pushed:${id}`), ...added.map((id) => `on-listed:${id}`)].sort();
    expect([...completed.keys()].sort(), 'events with a succeeded execution record').to.deep.equal(expected);
    expect([...completed].filter(([, n]) => n !== 1), 'events with more than one succeeded execution').to.deep.equal([]);
    expect(executions.filter((e) => e.status === 'running'), 'execution records still running after a clean stop').to.deep.equal([]);
    const interrupted = executions.filter((e) => e.status === 'failed').length;

    // Side effects: every event's flow reached the service; repeats only where a kill interrupted an execution.
    const calls = new Map<string, number>();
    for (const r of saas.results) calls.set(`${r.source}:${r.key}`, (calls.get(`${r.source}:${r.key}`) ?? 0) + 1);
    const missing = [...[...acknowledged].map((id) => `webhook:${id}`), ...added.map((id) => `polling:${id}`)].filter((k) => !calls.has(k));
    expect(missing, 'events whose execution never reached the service').to.deep.equal([]);
    const repeatedEffects = [...calls.values()].reduce((sum, n) => sum + (n - 1), 0);
    // A repeat needs an execution cut by a kill: such an execution's event was re-queued at the next start.
    expect(repeatedEffects, 'repeated side effects, against executions re-queued after kills').to.be.at.most(requeued.reduce((a, b) => a + b, 0));
    expect(requeued.every((n) => n <= MAX_IN_FLIGHT), 'at most the flows\' concurrency is in flight at a kill').to.equal(true);

    console.log(`      seed ${SEED}: kills after ${killDelays.join(', ')} ms; ${acknowledged.size} deliveries acknowledged`
      + ` (${refusedOrLost} attempts refused or cut by a kill and sent again), ${added.length} records polled;`
      + ` executions re-queued at restarts: ${requeued.join(', ')} (${interrupted} recorded as interrupted);`
      + ` repeated side effects: ${repeatedEffects}`);
  });
});
