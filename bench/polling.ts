// Can one runtime keep 10,000 polling monitors on a 1-second schedule? 10,000 enabled user flows (generated YAML,
// one connector) poll a local service (a child process) through the real pieces: the polling scheduler on the
// real node-cron clock, the engine of `openRuntime`, the SQLite store. For TICKS ticks every monitor must run
// once per tick. Targets: 0 missed runs (a tick a monitor should have run on and did not: skipped because its
// previous run was not done, or a tick node-cron never delivered), 0 duplicate runs (two runs for one tick),
// p99 fire delay <= 1 s (from the tick's due time to the start of the monitor's run, which includes the
// scheduler's deliberate spread over half the interval), and <= 150 MiB peak resident memory above the idle
// runtime (the same project loaded, nothing scheduled); the model's own size is shown apart, measured from an
// empty runtime. BENCH_POLLING_TICKS and BENCH_POLLING_MONITORS shorten a quick run; BENCH_POLLING_CONCURRENCY
// overrides the scheduler's concurrency; BENCH_POLLING_TRACE_MEMORY prints memory every 100 ms.
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ProjectModel } from '../src/model/model.js';
import { loadProject } from '../src/project/load-project.js';
import { openRuntime } from '../src/runtime/open-runtime.js';
import { openStore } from '../src/store/open-store.js';
import type { PollingStore } from '../src/store/event-store.js';
import { createScheduleClock, type ScheduleClock } from '../src/triggers/schedule-clock.js';
import { createPollingScheduler } from '../src/triggers/polling-scheduler.js';
import type { BenchFigure } from './figure.js';
import { round2 } from './support/format-figure.js';
import { runAlone } from './support/run-alone.js';
import { startPollingRemote } from './support/start-polling-remote.js';
import { generatePollingProject } from './support/generate-polling-project.js';
import { SILENT_LOGGER } from '../src/log/log-sink.js';

const MONITORS = Number(process.env.BENCH_POLLING_MONITORS ?? 10_000);
const TICKS = Number(process.env.BENCH_POLLING_TICKS ?? 60);
const SCHEDULE = '* * * * * *';
const MAX_P99_DELAY_MS = 1000;
const MAX_RSS_ABOVE_IDLE_MIB = 150;
const MIB = 1024 * 1024;

/**
 * What the bench watches, per monitor: the due times of ticks delivered to it that no run has started for yet.
 * A run start takes the oldest; a tick the scheduler skips (previous run not done) is a missed run.
 */
class TickLedger {
  private readonly pending = new Map<string, number[]>();
  readonly delays: number[] = [];
  missed = 0;
  duplicates = 0;
  runs = 0;

  constructor(monitors: Iterable<string>) {
    for (const m of monitors) this.pending.set(m, []);
  }

  ticked(at: number): void {
    for (const queue of this.pending.values()) queue.push(at);
  }

  skipped(monitor: string): void {
    this.pending.get(monitor)?.pop();
    this.missed++;
  }

  started(monitor: string, now: number): void {
    this.runs++;
    const at = this.pending.get(monitor)?.shift();
    if (at === undefined) this.duplicates++;
    else this.delays.push(now - at);
  }

  /** Ticks no run started for (after the scheduler went idle: none should be left). */
  unserved(): number {
    let n = 0;
    for (const queue of this.pending.values()) n += queue.length;
    return n;
  }
}

/** The real clock, passing on the first `ticks` ticks of each schedule and nothing after; counts ticks node-cron lost. */
function countingClock(real: ScheduleClock, ticks: number, onTick: (at: number) => void): { clock: ScheduleClock; done: Promise<void>; lostTicks(): number; delivered(): number } {
  let delivered = 0;
  let lost = 0;
  let last: number | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const clock: ScheduleClock = {
    ...real,
    subscribe(schedule, timezone, listener) {
      return real.subscribe(schedule, timezone, (at) => {
        if (delivered >= ticks) return;
        const due = at.getTime();
        // node-cron drops slots it could not fire in time: every lost second is a missed run of every monitor.
        if (last !== undefined && due - last > 1000) lost += Math.round((due - last) / 1000) - 1;
        last = due;
        delivered++;
        onTick(due);
        listener(at);
        if (delivered === ticks) finish();
      });
    },
  };
  return { clock, done, lostTicks: () => lost, delivered: () => delivered };
}

export async function run(): Promise<BenchFigure[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-polling-'));
  const remote = await startPollingRemote();
  let sampler: NodeJS.Timeout | undefined;
  try {
    // An empty runtime first: the project opened the same way, before any of its flows exists.
    const emptyRoot = path.join(root, 'empty');
    await mkdir(emptyRoot);
    const empty = await loadProject(emptyRoot);
    if (!empty.model) throw new Error('an empty project does not load');
    const store = openStore(path.join(root, 'data'), { env: {}, secretKey: randomBytes(32) });
    const idleRuntime = openRuntime({ model: empty.model, dataDir: path.join(root, 'data'), store, allowPrivateNetwork: true });
    await settle();
    const idleRss = process.memoryUsage().rss;

    const projectRoot = path.join(root, 'project');
    await generatePollingProject(projectRoot, MONITORS, `http://127.0.0.1:${remote.port}`, SCHEDULE);
    const loadStarted = performance.now();
    const model = await loadModel(projectRoot);
    const loadMs = performance.now() - loadStarted;
    await idleRuntime.close();
    // The idle runtime: the project loaded, nothing scheduled yet.
    const runtime = openRuntime({ model, dataDir: path.join(root, 'data'), store, allowPrivateNetwork: true });
    await settle();
    const loadedRss = process.memoryUsage().rss;

    const ledger = new TickLedger(model.flows.keys());
    const polling = store.polling;
    // The real polling store, watched at the start of each run (runPoll reads the cursor first).
    const watchedPolling: PollingStore = {
      getCursor: (monitor) => {
        ledger.started(monitor, Date.now());
        return polling.getCursor(monitor);
      },
      commitPollResult: (input) => polling.commitPollResult(input),
      recordFailure: (monitor, error) => polling.recordFailure(monitor, error),
      list: () => polling.list(),
      remove: (monitor) => polling.remove(monitor),
    };
    let failed = 0;
    let firstFailure: string | undefined;
    const realClock = createScheduleClock();
    const counting = countingClock(realClock, TICKS, (at) => ledger.ticked(at));

    let peakRss = process.memoryUsage().rss;
    sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      if (process.env.BENCH_POLLING_TRACE_MEMORY) process.stderr.write(`rss ${m.rss >> 20} heapUsed ${m.heapUsed >> 20} heapTotal ${m.heapTotal >> 20} external ${m.external >> 20}\n`);
    }, 100);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const scheduler = createPollingScheduler({
      clock: counting.clock,
      engine: runtime.engine,
      store: {
        polling: watchedPolling,
        transaction: (fn) => store.transaction(fn),
        transactionWithDeferredSync: (fn) => store.transactionWithDeferredSync(fn),
        flushToDisk: () => store.flushToDisk(),
      },
      connections: store.connections,
      model,
      logger: SILENT_LOGGER,
      ...(process.env.BENCH_POLLING_CONCURRENCY && { concurrency: Number(process.env.BENCH_POLLING_CONCURRENCY) }),
      metrics: {
        skipped: (flow) => ledger.skipped(flow),
        failed: (_flow, error) => {
          failed++;
          firstFailure ??= `${error.code}: ${error.message}`;
        },
      },
    });
    await counting.done;
    await scheduler.whenIdle();
    const elapsedS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    sampler = undefined;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await scheduler.stop();
    realClock.stop();
    await runtime.close();
    const events = Object.values(store.events.counts()).reduce((a, b) => a + b, 0);
    store.close();
    const served = await remote.stop();
    if (firstFailure) process.stderr.write(`polling: first failed poll: ${firstFailure}\n`);

    const missed = ledger.missed + counting.lostTicks() * MONITORS + ledger.unserved();
    const expected = TICKS * MONITORS;
    const p99 = percentile(ledger.delays, 99);
    const aboveLoaded = (peakRss - loadedRss) / MIB;
    return [
      { name: `polling: missed runs (${MONITORS} x ${TICKS} ticks)`, measured: missed, unit: 'runs', target: '0', pass: missed === 0 },
      { name: 'polling: duplicate runs', measured: ledger.duplicates, unit: 'runs', target: '0', pass: ledger.duplicates === 0 },
      { name: 'polling: fire delay p99 (tick -> run start)', measured: Math.round(p99), unit: 'ms', target: `<= ${MAX_P99_DELAY_MS} ms`, pass: p99 <= MAX_P99_DELAY_MS },
      // The idle runtime holds the same project, not polling: what polling itself costs.
      { name: 'polling: peak RSS above idle runtime', measured: Math.round(aboveLoaded), unit: 'MiB', target: `<= ${MAX_RSS_ABOVE_IDLE_MIB} MiB`, pass: aboveLoaded <= MAX_RSS_ABOVE_IDLE_MIB },
      { name: 'polling: peak RSS above an empty runtime', measured: Math.round((peakRss - idleRss) / MIB), unit: 'MiB', target: 'info', pass: true },
      { name: 'polling: poll runs per second', measured: Math.round(ledger.runs / elapsedS), unit: 'runs/s', target: 'info', pass: true },
      { name: 'polling: runs started / expected', measured: round2(ledger.runs / expected), unit: 'x', target: 'info', pass: true },
      { name: 'polling: failed polls', measured: failed, unit: 'runs', target: '0', pass: failed === 0 },
      { name: 'polling: requests answered by the remote', measured: served.requests, unit: 'req', target: 'info', pass: true },
      { name: 'polling: ticks skipped by the scheduler', measured: ledger.missed, unit: 'runs', target: 'info', pass: true },
      { name: 'polling: ticks lost by node-cron', measured: counting.lostTicks(), unit: 'ticks', target: 'info', pass: true },
      { name: 'polling: fire delay p50', measured: Math.round(percentile(ledger.delays, 50)), unit: 'ms', target: 'info', pass: true },
      { name: 'polling: fire delay max', measured: Math.round(percentile(ledger.delays, 100)), unit: 'ms', target: 'info', pass: true },
      { name: 'polling: events emitted', measured: events, unit: 'events', target: 'info', pass: true },
      { name: 'polling: CPU of the runtime process', measured: round2((cpu.user + cpu.system) / 1e6 / elapsedS), unit: 'cores', target: 'info', pass: true },
      { name: `polling: loadProject of ${MONITORS} flows`, measured: Math.round(loadMs), unit: 'ms', target: 'info', pass: true },
      { name: `polling: RSS of the ${MONITORS}-flow model (idle)`, measured: Math.round((loadedRss - idleRss) / MIB), unit: 'MiB', target: 'info', pass: true },
      { name: 'polling: RSS of an empty runtime', measured: Math.round(idleRss / MIB), unit: 'MiB', target: 'info', pass: true },
    ];
  } finally {
    if (sampler) clearInterval(sampler);
    if (remote.child.exitCode === null) remote.child.kill();
    await rm(root, { recursive: true, force: true });
  }
}

/** Only the model stays: the parsed sources and diagnostics of loadProject are not part of a running runtime. */
async function loadModel(root: string): Promise<ProjectModel> {
  const loaded = await loadProject(root);
  if (!loaded.model) throw new Error(`bench project does not load: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
  return loaded.model;
}

/** Collects the garbage of the step before (when the process allows it), so RSS readings compare live memory. */
async function settle(): Promise<void> {
  const gc = collector();
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    // A bench, not the product: V8 hands a fresh context its gc() once the flag is set.
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

await runAlone(import.meta.url, run);
