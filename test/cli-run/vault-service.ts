// The remote service behind test/fixtures/cli-run/project/connectors/vault.yaml: a few routes on 127.0.0.1
// that check the API key, echo it back on failure (so tests can prove it never reaches the terminal), and count
// revocations.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, startServer, type ReceivedRequest, type TestServer } from '../http/test-server.js';

/** The connection's secret: no test output may ever contain it. */
export const CANARY = 'canary-vault-5e1d7a93c0';

export interface VaultService {
  readonly server: TestServer;
  /** `host:port`, the value of the connection field `host`. */
  readonly host: string;
  /** Requests answered per path. */
  readonly hits: Map<string, number>;
  /** What POST /api/revoke answers (200 unless a test changes it). */
  revokeStatus: number;
  close(): Promise<void>;
}

export async function startVault(): Promise<VaultService> {
  const server = await startServer();
  const hits = new Map<string, number>();
  const service: VaultService = {
    server,
    host: `127.0.0.1:${server.port}`,
    hits,
    revokeStatus: 200,
    close: () => server.close(),
  };
  let nextId = 100;
  const handler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest): void => {
    const url = new URL(req.url ?? '/', server.base);
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const key = req.headers['x-api-key'];
    if (key !== CANARY) return json(res, 401, { error: 'bad key' });
    if (path === '/api/me') return json(res, 200, { login: 'ada' });
    if (path === '/api/fail') return json(res, 500, { error: 'boom', yourKey: key, note: `you sent ${String(key)}` });
    if (path === '/api/revoke' && req.method === 'POST') return json(res, service.revokeStatus, service.revokeStatus < 300 ? {} : { error: 'cannot revoke' });
    if (path === '/api/schema') {
      const fields = [
        { name: 'color', title: 'Color', type: 'text', required: true, help: 'Paint colour.' },
        { name: 'weight', type: 'number' },
      ];
      if (url.searchParams.get('kind') === 'fancy') fields.push({ name: 'ribbon', title: 'Ribbon', type: 'boolean' } as never);
      return json(res, 200, { fields });
    }
    const one = /^\/api\/items\/(\d+)$/.exec(path);
    if (one && req.method === 'GET') return json(res, 200, { id: Number(one[1]), name: `item ${one[1]}`, region: url.searchParams.get('region') });
    if (path === '/api/items' && req.method === 'POST') {
      const body = JSON.parse(received.body.toString('utf8')) as Record<string, unknown>;
      return json(res, 201, { ...body, id: nextId++ });
    }
    json(res, 404, { error: 'no route' });
  };
  server.reset(handler);
  return service;
}
