// A real node:http server on 127.0.0.1 with an ephemeral port, recording every request it receives.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostGuard } from '../../src/http/guard-host.js';
import type { PreparedRequest } from '../../src/http/prepared-request.js';
import type { RequestContext } from '../../src/http/request-context.js';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  handler: Handler;
  /** Forget earlier requests and set the handler for the next test. */
  reset(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const state = {
    handler: ((_req, res) => {
      res.end('ok');
    }) as Handler,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(record);
      Promise.resolve(state.handler(req, res, record)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    get handler() {
      return state.handler;
    },
    set handler(h: Handler) {
      state.handler = h;
    },
    reset(h: Handler) {
      received.length = 0;
      state.handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GET (or other) request with no body, json response and a short timeout. */
export function request(url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest {
  return { method: 'GET', url, query: {}, headers: {}, responseType: 'json', timeoutMs: 5000, idempotent: false, ...extra };
}

/** A context for a connector whose base URL is the local test server (so private addresses are allowed). */
export function localContext(extra: Partial<RequestContext & HostGuard> = {}): RequestContext {
  return { connectorName: 'acme', allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true, ...extra };
}

export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** Resolves with the error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, got a result');
}
