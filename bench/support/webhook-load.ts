// Child-process load generator for bench/ingest.ts, so the sender does not share the server's event loop.
// Keeps `connections` keep-alive requests in flight, each a GitHub-style delivery with a unique delivery id and a
// valid hmac-sha256 signature, for `durationMs`; reports answers by status and latency percentiles over IPC.
// Protocol: the parent sends LoadRequest messages; each gets one LoadReport back; `{ stop: true }` ends the child.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
  /** e.g. `http://127.0.0.1:41234/hooks/<token>` */
  readonly url: string;
  readonly secret: string;
  readonly connections: number;
  readonly durationMs: number;
  /** Prefix of the delivery ids of this run, so runs never repeat an id. */
  readonly idPrefix: string;
}

export interface LoadReport {
  /** Answers per status code. */
  readonly statuses: Record<string, number>;
  /** 2xx answers whose body said one event was received (for the bare server: every 200). */
  readonly acks: number;
  readonly elapsedMs: number;
  /** Milliseconds per answered request, in completion order. */
  readonly latencies: number[];
  /** Requests that failed without an HTTP answer. */
  readonly errors: number;
  readonly firstError?: string;
}

/** What one request sends: the signed delivery, built before the clock starts for that request. */
function delivery(id: string, secret: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash on start', id } });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-delivery-id': id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

function send(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One keep-alive pool per target, kept across runs, so alternating short runs do not reconnect each time. */
const agents = new Map<string, http.Agent>();

async function load(request: LoadRequest): Promise<LoadReport> {
  let agent = agents.get(request.url);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: request.connections, maxFreeSockets: request.connections });
    agents.set(request.url, agent);
  }
  const url = new URL(request.url);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let acks = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + request.durationMs;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; performance.now() < end; i++) {
      const { body, headers } = delivery(`${request.idPrefix}-${w}-${i}`, request.secret);
      const t = performance.now();
      try {
        const res = await send(agent!, url, body, headers);
        latencies.push(performance.now() - t);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 200 && (res.text === '' || res.text.includes('"received":1'))) acks++;
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: request.connections }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - started;
  return { statuses, acks, elapsedMs, latencies, errors, ...(firstError !== undefined && { firstError }) };
}

process.on('message', (message: LoadRequest | { stop: true }) => {
  if ('stop' in message) {
    for (const agent of agents.values()) agent.destroy();
    process.disconnect();
    return;
  }
  load(message).then(
    (report) => process.send?.(report),
    (e: unknown) => process.send?.({ statuses: {}, acks: 0, elapsedMs: 0, latencies: [], errors: 1, firstError: String(e) }),
  );
});
process.send?.('ready');
