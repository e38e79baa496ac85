// The remote service the end-to-end tests run against, on 127.0.0.1 in the test process: webhook
// subscriptions (POST /hooks, GET /hooks, DELETE /hooks/:id), a growing list of records for polling (GET /records?since=),
// and the action the user flows call (POST /results), which records every call: the flows' side effects.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_KEY = 'e2e-api-key-7f3a';

export interface Hook {
  readonly id: string;
  /** The callback URL the runtime registered. */
  readonly url: string;
  /** The signing secret: the runtime's generated `webhook.secret`, returned again as the register output. */
  readonly secret: string;
}

export interface ResultCall {
  readonly source: string;
  readonly key: string;
}

export interface FakeSaas {
  readonly url: string;
  /** Live subscriptions by id. */
  readonly hooks: Map<string, Hook>;
  /** Every subscription ever created, in order. */
  readonly created: Hook[];
  /** Ids of deleted subscriptions, in order. */
  readonly deleted: string[];
  /** Every POST /results call that was answered 2xx. */
  readonly results: ResultCall[];
  /** POST /results calls answered 500 because their key is in `failingKeys`. */
  readonly rejected: ResultCall[];
  /** The `since` values of GET /records, in order. */
  readonly sinces: string[];
  /** POST /results with one of these keys answers 500. */
  readonly failingKeys: Set<string>;
  /** POST /results answers this long after recording the call (a slow service: kills then hit in-flight work). */
  resultDelayMs: number;
  /** POST /results with this key waits until `release()` before answering. */
  holdKey?: string;
  /** POST /hooks (a registration) waits until `release()` before answering. */
  holdHookCreates: boolean;
  /** Resolves when a held request has arrived. */
  held(): Promise<void>;
  release(): void;
  /** Appends records `rec-<n>`; returns their ids. */
  addRecords(count: number): string[];
  /** POST /results calls per key (answered 2xx). */
  resultCount(source: string, key: string): number;
  close(): Promise<void>;
}

export async function startFakeSaas(): Promise<FakeSaas> {
  const hooks = new Map<string, Hook>();
  const created: Hook[] = [];
  const deleted: string[] = [];
  const results: ResultCall[] = [];
  const rejected: ResultCall[] = [];
  const sinces: string[] = [];
  const failingKeys = new Set<string>();
  const records: { id: string; seq: number; title: string }[] = [];
  let hookSeq = 0;
  let resultSeq = 0;
  let releaseHold: (() => void) | undefined;
  let holdReleased: Promise<void> | undefined;
  let heldArrived: () => void = () => undefined;
  let heldPromise = new Promise<void>((resolve) => { heldArrived = resolve; });

  // The knobs tests turn; the returned service IS this object, so the handler sees every change.
  const state = {
    holdKey: undefined as string | undefined,
    resultDelayMs: 0,
    holdHookCreates: false,
  };

  /** Holds the request until `release()`; `held()` resolves once one is held. */
  const hold = async (): Promise<void> => {
    holdReleased ??= new Promise<void>((resolve) => { releaseHold = resolve; });
    heldArrived();
    await holdReleased;
  };

  const handle = async (req: http.IncomingMessage, body: string): Promise<{ status: number; json?: unknown }> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers['x-api-key'] !== API_KEY) return { status: 401, json: { error: 'bad api key' } };
    if (req.method === 'POST' && url.pathname === '/hooks') {
      const input = JSON.parse(body) as { url?: unknown; secret?: unknown };
      if (typeof input.url !== 'string') return { status: 400, json: { error: 'url required' } };
      if (state.holdHookCreates) await hold();
      const secret = typeof input.secret === 'string' && input.secret !== '' ? input.secret : crypto.randomBytes(16).toString('hex');
      const hook: Hook = { id: `hook-${++hookSeq}`, url: input.url, secret };
      hooks.set(hook.id, hook);
      created.push(hook);
      return { status: 201, json: { id: hook.id, secret } };
    }
    if (req.method === 'GET' && url.pathname === '/hooks') return { status: 200, json: [...hooks.values()] };
    const hookPath = /^\/hooks\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && hookPath) {
      const id = decodeURIComponent(hookPath[1]!);
      if (!hooks.delete(id)) return { status: 404, json: { error: 'no such hook' } };
      deleted.push(id);
      return { status: 204 };
    }
    if (req.method === 'GET' && url.pathname === '/records') {
      const since = url.searchParams.get('since') ?? '';
      sinces.push(since);
      // Inclusive, like many "updated since" APIs: the last record comes again, so only dedupe keeps it out.
      const from = /^\d+$/.test(since) ? Number(since) : 0;
      const page = records.filter((r) => r.seq >= from);
      return { status: 200, json: { records: page, last: records.length > 0 ? records[records.length - 1]!.seq : from } };
    }
    if (req.method === 'POST' && url.pathname === '/results') {
      const input = JSON.parse(body) as { source?: unknown; key?: unknown };
      const call: ResultCall = { source: String(input.source), key: String(input.key) };
      if (failingKeys.has(call.key)) {
        rejected.push(call);
        return { status: 500, json: { error: 'results are down for this key' } };
      }
      if (state.holdKey !== undefined && call.key === state.holdKey) await hold();
      results.push(call);
      if (state.resultDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.resultDelayMs));
      return { status: 201, json: { id: ++resultSeq } };
    }
    return { status: 404, json: { error: 'not found' } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8')).then(
        ({ status, json }) => {
          res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
          res.end(json === undefined ? undefined : JSON.stringify(json));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: (error as Error).message }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    hooks,
    created,
    deleted,
    results,
    rejected,
    sinces,
    failingKeys,
    held: () => heldPromise,
    release() {
      releaseHold?.();
      state.holdKey = undefined;
      state.holdHookCreates = false;
      holdReleased = undefined;
      releaseHold = undefined;
      heldPromise = new Promise<void>((resolve) => { heldArrived = resolve; });
    },
    addRecords(count: number) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const seq = records.length + 1;
        records.push({ id: `rec-${seq}`, seq, title: `Record ${seq}` });
        ids.push(`rec-${seq}`);
      }
      return ids;
    },
    resultCount: (source: string, key: string) => results.filter((r) => r.source === source && r.key === key).length,
    async close() {
      releaseHold?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** `sha256=<hex>` over the raw body: what the connector's `verify` expects in X-Saas-Signature. */
export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}
