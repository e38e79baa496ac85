// What does one polling GET cost in CPU, and is it got? bench/polling needs 10,000 polls a second on this 2-core
// machine, with the polled service on the same cores. The same request (GET /items?since=5 to the polling remote,
// a child process; keep-alive; 32 in flight, the polling scheduler's default concurrency; body read and
// JSON-parsed) goes out four ways, one after another, each warmed up for 1 s and then driven for
// BENCH_HTTP_CLIENT_SECONDS (default 5): bare node:http (the floor), bare got.stream, got's promise API, and the
// product's own client (createHttpClient: every middleware, then got). For each: requests/s, CPU µs per request of
// this process and of the remote (/proc/<pid>/stat), and the requests/s one core could drive. One judged figure:
// the cores the product client plus the local service need for 10,000 GET/s, against the cores of this machine,
// which says plainly whether the polling target is reachable here through got at all.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import got from 'got';
import { createHttpClient } from '../src/http/http-client.js';
import type { PreparedRequest } from '../src/http/prepared-request.js';
import type { RequestContext } from '../src/http/request-context.js';
import type { BenchFigure } from './figure.js';
import { round2 } from './support/format-figure.js';
import { runAlone } from './support/run-alone.js';
import { startPollingRemote } from './support/start-polling-remote.js';

const SECONDS = Number(process.env.BENCH_HTTP_CLIENT_SECONDS ?? 5);
const WARM_UP_MS = 1000;
/** The polling scheduler's default concurrency. */
const IN_FLIGHT = 32;
const TIMEOUT_MS = 10_000;
const TARGET_GETS_PER_SECOND = 10_000;
const MACHINE_CORES = availableParallelism();
const PATH = '/items?since=5';

/** Sends one GET and resolves once its body is read and parsed. */
type SendOne = () => Promise<void>;

interface Variant {
  readonly label: string;
  /** Opens the variant's client (its own keep-alive pool). */
  open(port: number): { send: SendOne; close(): void };
}

interface Measured {
  readonly requests: number;
  readonly seconds: number;
  readonly clientMicros: number;
  readonly serverMicros: number;
}


const VARIANTS: readonly Variant[] = [
  {
    label: 'node:http',
    open(port) {
      const agent = new http.Agent({ keepAlive: true });
      const send: SendOne = () => new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: PATH, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve(checkBody(res.statusCode ?? 0, JSON.parse(Buffer.concat(chunks).toString('utf8'))));
            } catch (error) {
              reject(error);
            }
          });
        });
        req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('node:http request timed out')));
        req.on('error', reject);
      });
      return { send, close: () => agent.destroy() };
    },
  },
  {
    label: 'got.stream',
    open(port) {
      const agent = new http.Agent({ keepAlive: true });
      const url = `http://127.0.0.1:${port}${PATH}`;
      const send: SendOne = async () => {
        const stream = got.stream(url, { retry: { limit: 0 }, throwHttpErrors: false, timeout: { request: TIMEOUT_MS }, agent: { http: agent } });
        let status = 0;
        stream.once('response', (response: { statusCode: number }) => (status = response.statusCode));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        checkBody(status, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      };
      return { send, close: () => agent.destroy() };
    },
  },
  {
    label: 'got promise',
    open(port) {
      const agent = new http.Agent({ keepAlive: true });
      const client = got.extend({ retry: { limit: 0 }, throwHttpErrors: false, timeout: { request: TIMEOUT_MS }, agent: { http: agent } });
      const url = `http://127.0.0.1:${port}${PATH}`;
      const send: SendOne = async () => {
        const response = await client(url, { responseType: 'json' });
        checkBody(response.statusCode, response.body);
      };
      return { send, close: () => agent.destroy() };
    },
  },
  {
    label: 'product client',
    open(port) {
      const client = createHttpClient();
      const context: RequestContext = { connectorName: 'bench', allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true, rateKey: 'bench' };
      const send: SendOne = async () => {
        // A fresh request per poll, as the interpreter renders one per run.
        const request: PreparedRequest = {
          method: 'GET',
          url: `http://127.0.0.1:${port}/items`,
          query: { since: '5' },
          headers: {},
          responseType: 'json',
          timeoutMs: TIMEOUT_MS,
          idempotent: true,
        };
        const response = await client.send(request, context);
        checkBody(response.status, response.body);
      };
      return { send, close: () => client.close() };
    },
  },
];

export async function run(): Promise<BenchFigure[]> {
  if (!(SECONDS > 0)) throw new Error(`BENCH_HTTP_CLIENT_SECONDS must be a positive number, not ${process.env.BENCH_HTTP_CLIENT_SECONDS}`);
  const ticksPerSecond = clockTicksPerSecond();
  const remote = await startPollingRemote();
  try {
    const results: Array<{ label: string; measured: Measured }> = [];
    let sent = 0;
    for (const variant of VARIANTS) {
      const client = variant.open(remote.port);
      try {
        sent += await drive(client.send, WARM_UP_MS);
        const cpuBefore = process.cpuUsage();
        const serverBefore = cpuTicksOf(remote.child);
        const started = performance.now();
        const requests = await drive(client.send, SECONDS * 1000);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const serverTicks = cpuTicksOf(remote.child) - serverBefore;
        sent += requests;
        results.push({
          label: variant.label,
          measured: {
            requests,
            seconds,
            clientMicros: (cpu.user + cpu.system) / requests,
            serverMicros: (serverTicks / ticksPerSecond) * 1e6 / requests,
          },
        });
      } finally {
        client.close();
      }
    }
    const served = await remote.stop();
    // Every completed GET was answered exactly once (no retries): otherwise the figures are not about these requests.
    if (served.requests !== sent) throw new Error(`the remote answered ${served.requests} requests, the clients completed ${sent}`);
    return results.flatMap(({ label, measured }) => figuresOf(label, measured));
  } finally {
    if (remote.child.exitCode === null) remote.child.kill();
  }
}

function figuresOf(label: string, m: Measured): BenchFigure[] {
  const coresNeeded = (TARGET_GETS_PER_SECOND * (m.clientMicros + m.serverMicros)) / 1e6;
  const info = (name: string, measured: number, unit: string): BenchFigure => ({ name: `http-client: ${label}: ${name}`, measured, unit, target: 'info', pass: true });
  const figures = [
    info('requests/s', Math.round(m.requests / m.seconds), 'req/s'),
    info('client CPU/request', round2(m.clientMicros), 'µs'),
    // 1e6 / client µs: what one core spent only on this client could send.
    info('req/s per core', Math.round(1e6 / m.clientMicros), 'req/s'),
    info('server CPU/request', round2(m.serverMicros), 'µs'),
  ];
  const target = TARGET_GETS_PER_SECOND.toLocaleString('en-US');
  if (label === 'product client') {
    figures.push({
      name: `http-client: ${label}: cores needed for ${target} GET/s (client + local server)`,
      measured: round2(coresNeeded),
      unit: 'cores',
      target: `<= ${MACHINE_CORES} cores (this machine)`,
      pass: coresNeeded <= MACHINE_CORES,
    });
  } else {
    figures.push(info(`cores for ${target} GET/s`, round2(coresNeeded), 'cores'));
  }
  return figures;
}

/** Keeps IN_FLIGHT requests going until `ms` have passed; resolves with how many completed (in-flight ones finish). */
async function drive(send: SendOne, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await send();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return completed;
}

/** The remote's answer is the polling remote's shape; anything else means the bench measured something else. */
function checkBody(status: number, body: unknown): void {
  if (status !== 200) throw new Error(`the remote answered ${status}`);
  if (!body || typeof body !== 'object' || !Array.isArray((body as { items?: unknown }).items)) throw new Error('the remote answered an unexpected body');
}


/** utime + stime of a child in clock ticks, from /proc/<pid>/stat (fields 14 and 15; the name in parentheses may hold spaces). */
function cpuTicksOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('the remote service has no pid');
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0: utime (14) is index 11, stime (15) index 12.
  return Number(fields[11]) + Number(fields[12]);
}

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

await runAlone(import.meta.url, run);
