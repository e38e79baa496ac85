// How many webhook deliveries per second can the runtime acknowledge durably? The real front door: the HTTP
// server with webhook ingress, a connector with an hmac-sha256 signature compiled from YAML, an active
// registration in a real store (SQLite, WAL) and the group-committing ingress committer, so every 200 means the
// event is on disk. Compared with a bare node:http server that reads the body and answers 200, both loaded by
// the same child process (100 keep-alive connections, each request a signed delivery with a unique id) for the
// same time. Target: >= 0.25x. Afterwards the stored events are counted: they must equal the acknowledgements.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../src/project/load-project.js';
import { startHttpServer } from '../src/server/http-server.js';
import { storeAnswers } from '../src/server/routes/health-route.js';
import { createIngressCommitter } from '../src/store/ingress-committer.js';
import { openStore } from '../src/store/open-store.js';
import type { BenchFigure } from './figure.js';
import { round2 } from './support/format-figure.js';
import { runAlone } from './support/run-alone.js';
import type { LoadReport, LoadRequest } from './support/webhook-load.js';

const CONNECTIONS = 100;
const WARM_UP_MS = Number(process.env.BENCH_INGEST_WARMUP_MS ?? 2000);
const DURATION_MS = Number(process.env.BENCH_INGEST_DURATION_MS ?? 5000);
/** The measured time is split into this many alternating rounds per server. */
const ROUNDS = 5;
const MIN_RATIO = 0.25;
const FLOW = 'on-delivery';
const SIGNING_SECRET = 'bench-signing-secret';

const CONNECTOR = `
kind: connector
name: hooks
title: Hooks
version: 1.0.0
baseUrl: https://hooks.example
auth: { type: none }
events:
  delivered:
    title: Delivery
    webhook:
      register:
        steps:
          - return: { id: "'hook-1'", secret: "'${SIGNING_SECRET}'" }
      verify:
        scheme: hmac-sha256
        header: X-Hub-Signature-256
        prefix: "sha256="
        encoding: hex
        secret: "{{webhook.registration.secret}}"
      dedupeKey: "headers.\\"x-delivery-id\\""
      records: "body"
      maxBodySize: 64kb
`;

const FLOW_YAML = `
kind: flow
name: ${FLOW}
title: On delivery
trigger:
  event:
    connector: hooks
    card: delivered
    connection: main
    via: webhook
steps:
  - return: { seen: "trigger" }
`;

/** The load generator, in its own process; one LoadRequest at a time. */
interface LoadGenerator {
  readonly child: ChildProcess;
  load(request: LoadRequest): Promise<LoadReport>;
  /** Closes its connections and lets it exit. */
  stop(): Promise<void>;
}

function startLoadGenerator(): Promise<LoadGenerator> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'webhook-load.ts');
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const load = (request: LoadRequest): Promise<LoadReport> => new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the load generator exited with code ${code}`));
    child.once('exit', onExit);
    child.once('message', (report) => {
      child.off('exit', onExit);
      resolve(report as LoadReport);
    });
    child.send(request);
  });
  const stop = (): Promise<void> => new Promise((resolve) => {
    if (child.exitCode !== null || !child.connected) return resolve();
    child.once('exit', () => resolve());
    child.send({ stop: true });
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', () => resolve({ child, load, stop }));
  });
}

/** The baseline: node:http reading the body and answering 200, nothing else. */
async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/bare`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export async function run(): Promise<BenchFigure[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-ingest-'));
  const generator = await startLoadGenerator();
  const closers: (() => Promise<void> | void)[] = [];
  try {
    await mkdir(path.join(root, 'connectors'));
    await mkdir(path.join(root, 'flows'));
    await writeFile(path.join(root, 'connectors', 'hooks.yaml'), CONNECTOR);
    await writeFile(path.join(root, 'flows', `${FLOW}.yaml`), FLOW_YAML);
    const loaded = await loadProject(root);
    if (!loaded.model) throw new Error(`bench project does not load: ${JSON.stringify(loaded.diagnostics)}`);
    const model = loaded.model;

    const store = openStore(path.join(root, 'data'), { env: {}, secretKey: randomBytes(32) });
    closers.push(() => store.close());
    const registration = store.registrations.upsertDesired({ flow: FLOW, connector: 'hooks', card: 'delivered', connection: 'main', optionsHash: 'bench' });
    store.registrations.markActive(FLOW, { id: 'hook-1', secret: SIGNING_SECRET });
    // The real store, watched: how many group commits, and how long their fsyncs took (explains the figures).
    const disk = { commits: 0, fsyncMs: 0 };
    const committer = createIngressCommitter({
      events: store.events,
      transactionWithDeferredSync: (fn) => {
        disk.commits++;
        return store.transactionWithDeferredSync(fn);
      },
      flushToDisk: async () => {
        const started = performance.now();
        await store.flushToDisk();
        disk.fsyncMs += performance.now() - started;
      },
    });
    closers.push(() => committer.close());
    const runtimeServer = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      health: storeAnswers(store),
      webhooks: { model: () => model, registrations: store.registrations, connections: store.connections, committer },
    });
    closers.push(() => runtimeServer.close());
    const bare = await startBareServer();
    closers.push(() => bare.close());

    const hookUrl = `${runtimeServer.url}/hooks/${registration.callbackToken}`;
    const request = (url: string, durationMs: number, idPrefix: string): LoadRequest =>
      ({ url, secret: SIGNING_SECRET, connections: CONNECTIONS, durationMs, idPrefix });

    // Warm up both (JIT, sockets, the database's first pages), then measure each for the same total time in
    // alternating rounds, so load from other work on the machine falls on both alike.
    const warmBare = await generator.load(request(bare.url, WARM_UP_MS, 'warm-bare'));
    const warmRuntime = await generator.load(request(hookUrl, WARM_UP_MS, 'warm-runtime'));
    const bareRounds: LoadReport[] = [];
    const runtimeRounds: LoadReport[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bareRounds.push(await generator.load(request(bare.url, DURATION_MS / ROUNDS, `bare-${r}`)));
      runtimeRounds.push(await generator.load(request(hookUrl, DURATION_MS / ROUNDS, `runtime-${r}`)));
    }
    await generator.stop();
    const base = combine(bareRounds);
    const measured = combine(runtimeRounds);

    const baseRate = base.acks / (base.elapsedMs / 1000);
    const ackRate = measured.acks / (measured.elapsedMs / 1000);
    const ratio = ackRate / baseRate;
    const acknowledged = warmRuntime.acks + measured.acks;
    const counts = store.events.counts();
    const stored = Object.values(counts).reduce((a, b) => a + b, 0);
    const all = [warmBare, warmRuntime, base, measured];
    const refused = all.reduce((n, r) => n + r.errors + nonOk(r), 0);
    const firstError = all.find((r) => r.firstError)?.firstError;
    if (firstError) process.stderr.write(`ingest: first failed request: ${firstError}\n`);

    return [
      { name: 'ingest: durable acks/s vs bare node:http', measured: round2(ratio), unit: 'x', target: `>= ${MIN_RATIO}x`, pass: ratio >= MIN_RATIO },
      { name: `ingest: runtime durable acks/s (${CONNECTIONS} conns)`, measured: Math.round(ackRate), unit: 'acks/s', target: 'info', pass: true },
      { name: `ingest: bare node:http 200s/s (${CONNECTIONS} conns)`, measured: Math.round(baseRate), unit: 'req/s', target: 'info', pass: true },
      { name: 'ingest: runtime latency p50', measured: round2(percentile(measured.latencies, 50)), unit: 'ms', target: 'info', pass: true },
      { name: 'ingest: runtime latency p99', measured: round2(percentile(measured.latencies, 99)), unit: 'ms', target: 'info', pass: true },
      { name: 'ingest: bare latency p99', measured: round2(percentile(base.latencies, 99)), unit: 'ms', target: 'info', pass: true },
      { name: 'ingest: events per group commit', measured: round2(acknowledged / Math.max(1, disk.commits)), unit: 'events', target: 'info', pass: true },
      { name: 'ingest: mean wait for fsync', measured: round2(disk.fsyncMs / Math.max(1, disk.commits)), unit: 'ms', target: 'info', pass: true },
      // Every 200 promised a stored event: the rows must be exactly the acknowledgements.
      { name: 'ingest: stored events - acknowledged', measured: stored - acknowledged, unit: 'events', target: '0', pass: stored === acknowledged && acknowledged > 0 },
      { name: 'ingest: requests not answered 200', measured: refused, unit: 'requests', target: '0', pass: refused === 0 },
    ];
  } finally {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (e) {
        process.stderr.write(`ingest: cleanup failed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
    generator.child.kill();
    await rm(root, { recursive: true, force: true });
  }
}

function combine(reports: readonly LoadReport[]): LoadReport {
  const statuses: Record<string, number> = {};
  for (const r of reports) for (const [status, n] of Object.entries(r.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const firstError = reports.find((r) => r.firstError)?.firstError;
  return {
    statuses,
    acks: reports.reduce((n, r) => n + r.acks, 0),
    elapsedMs: reports.reduce((n, r) => n + r.elapsedMs, 0),
    latencies: reports.flatMap((r) => r.latencies),
    errors: reports.reduce((n, r) => n + r.errors, 0),
    ...(firstError !== undefined && { firstError }),
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function nonOk(report: LoadReport): number {
  return Object.entries(report.statuses).reduce((n, [status, count]) => n + (status === '200' ? 0 : count), 0);
}

await runAlone(import.meta.url, run);
