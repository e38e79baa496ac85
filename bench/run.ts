// What does the interpreter cost on top of the HTTP call it makes? 50 concurrent executions of an action
// (JSONata input mapping -> one GET to a local server -> JSONata output mapping), compared with a hand-written
// loop making the same got call with the same precompiled expressions. Targets: >= 0.8x with execution records
// off, >= 0.5x with them on. The server runs in a child process so it does not share the event loop.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import got from 'got';
import { loadProject } from '../src/project/load-project.js';
import { openRuntime } from '../src/runtime/open-runtime.js';
import { compileExpression } from '../src/expr/compile-expression.js';
import type { Expression } from '../src/model/model.js';
import type { BenchFigure } from './figure.js';
import { round2 } from './support/format-figure.js';
import { runAlone } from './support/run-alone.js';

const CONCURRENCY = 50;
const DURATION_MS = 4000;

const CONNECTOR = `
kind: connector
name: bench
title: Bench
version: 1.0.0
baseUrl: "http://{{connection.host}}"
allowPrivateNetwork: true
connection:
  fields:
    host: { type: text, required: true }
auth: { type: none }
actions:
  lookup:
    title: Lookup
    inputs:
      user: { type: object, required: true }
    outputs:
      name: { type: text }
      total: { type: number }
    steps:
      - id: q
        map: "{ 'id': inputs.user.id, 'kind': $uppercase(inputs.user.kind) }"
      - id: r
        request:
          method: GET
          url: "/items/{{path steps.q.id}}"
          query: { kind: "{{steps.q.kind}}" }
      - return:
          name: steps.r.body.name
          total: "$sum(steps.r.body.prices)"
`;

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const code = `
    const http = require('node:http');
    const body = JSON.stringify({ name: 'Lamp', prices: [1, 2, 3.5] });
    const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));`;
  const child = fork('-e', [code], { execArgv: ['-e', code], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (port) => resolve({ child, port: Number(port) }));
    child.once('error', reject);
  });
}

interface LoadResult {
  perSecond: number;
  latencies: number[];
}

/** Runs `once` from CONCURRENCY workers for DURATION_MS; returns completions per second and latencies. */
async function load(once: (i: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  const end = performance.now() + DURATION_MS;
  let done = 0;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; performance.now() < end; i++) {
      const t = performance.now();
      await once(w * 1_000_000 + i);
      latencies.push(performance.now() - t);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return { perSecond: done / ((performance.now() - started) / 1000), latencies };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function run(): Promise<BenchFigure[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-run-'));
  const { child, port } = await startServer();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    await mkdir(path.join(root, 'connectors'));
    await writeFile(path.join(root, 'connectors', 'bench.yaml'), CONNECTOR);
    const loaded = await loadProject(root);
    if (!loaded.model) throw new Error(`bench project does not load: ${JSON.stringify(loaded.diagnostics)}`);
    const runtime = openRuntime({ model: loaded.model, dataDir: path.join(root, '.data') });
    const connection = runtime.store.connections.create('bench', 'local', { host: `127.0.0.1:${port}` }, []);

    // The baseline: the same work written by hand, with expressions compiled once like the runtime does.
    const origin = { file: 'bench', line: 1, column: 1 };
    const compile = (s: string): Expression => {
      const r = compileExpression(s, origin);
      if (!r.ok) throw new Error(r.problem.message);
      return r.expression;
    };
    const inputMap = compile("{ 'id': inputs.user.id, 'kind': $uppercase(inputs.user.kind) }");
    const outName = compile('steps.r.body.name');
    const outTotal = compile('$sum(steps.r.body.prices)');
    const client = got.extend({ prefixUrl: `http://127.0.0.1:${port}`, responseType: 'json', retry: { limit: 0 }, timeout: { request: 30_000 } });
    const handWritten = async (i: number): Promise<unknown> => {
      const inputs = { user: { id: i, kind: 'lamp' } };
      const q = (await inputMap.evaluate({ inputs })) as { id: number; kind: string };
      const r = await client.get(`items/${encodeURIComponent(String(q.id))}`, { searchParams: { kind: q.kind } });
      const scope = { inputs, steps: { q, r: { status: r.statusCode, headers: r.headers, body: r.body } } };
      return { name: await outName.evaluate(scope), total: await outTotal.evaluate(scope) };
    };
    const viaRuntime = (record: boolean) => async (i: number): Promise<unknown> => {
      const inputs = { user: { id: i, kind: 'lamp' } };
      if (!record) return runtime.engine.runAction('bench', 'lookup', { connection, inputs });
      const log = runtime.store.executions;
      const id = log.start({ kind: 'action', target: 'bench.lookup', connection: 'local', input: inputs });
      try {
        const out = await runtime.engine.runAction('bench', 'lookup', { connection, inputs }, { recorder: { step: (s) => log.step(id, s) } });
        log.finish(id, 'succeeded', out);
        return out;
      } catch (error) {
        log.finish(id, 'failed', error);
        throw error;
      }
    };

    // Warm up every path (JIT, sockets), then measure.
    for (const fn of [handWritten, viaRuntime(false), viaRuntime(true)]) await Promise.all(Array.from({ length: 200 }, (_, i) => fn(i)));
    const base = await load(handWritten);
    const off = await load(viaRuntime(false));
    const on = await load(viaRuntime(true));
    await runtime.close();

    const ratioOff = off.perSecond / base.perSecond;
    const ratioOn = on.perSecond / base.perSecond;
    const added = (r: LoadResult, p: number) => Math.max(0, percentile(r.latencies, p) - percentile(base.latencies, p));
    return [
      { name: 'run: action throughput, records off (vs hand-written got)', measured: round2(ratioOff), unit: 'x', target: '>= 0.8x', pass: ratioOff >= 0.8 },
      { name: 'run: action throughput, records on (vs hand-written got)', measured: round2(ratioOn), unit: 'x', target: '>= 0.5x', pass: ratioOn >= 0.5 },
      { name: 'run: hand-written baseline', measured: Math.round(base.perSecond), unit: 'exec/s', target: 'info', pass: true },
      { name: 'run: added latency p50, records off', measured: round2(added(off, 50)), unit: 'ms', target: 'info', pass: true },
      { name: 'run: added latency p99, records off', measured: round2(added(off, 99)), unit: 'ms', target: 'info', pass: true },
      { name: 'run: added latency p99, records on', measured: round2(added(on, 99)), unit: 'ms', target: 'info', pass: true },
      { name: 'run: peak RSS', measured: Math.round(peakRss / 1024 / 1024), unit: 'MiB', target: 'info', pass: true },
    ];
  } finally {
    clearInterval(sampler);
    child.kill();
    await rm(root, { recursive: true, force: true });
  }
}

await runAlone(import.meta.url, run);
