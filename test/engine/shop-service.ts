// The remote service behind test/fixtures/engine/project/connectors/shop.yaml: a tiny item store on 127.0.0.1.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type ReceivedRequest, type TestServer } from '../http/test-server.js';

export const API_KEY = 'canary-key-7f3a9c21e5';

export interface ShopService {
  readonly server: TestServer;
  readonly items: Map<number, Record<string, unknown>>;
  /** Requests answered per path, for "exactly once" checks. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startShop(): Promise<ShopService> {
  const server = await startServer();
  const items = new Map<number, Record<string, unknown>>([
    [1, { id: 1, name: 'Lamp', price: 20, tags: ['home'], created: '2026-01-02T03:04:05Z', active: true, meta: { sku: 'L-1' } }],
    [2, { id: 2, name: 'Desk', price: 150.5, tags: [], created: '2026-02-03T00:00:00Z', active: false, meta: {} }],
    [3, { id: 3, name: 'Chair', price: 80, tags: ['office', 'seat'], created: '2026-03-04T00:00:00Z', active: true, meta: {} }],
  ]);
  const hits = new Map<string, number>();
  let nextId = 100;

  const handler = async (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest): Promise<void> => {
    const url = new URL(req.url ?? '/', server.base);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== API_KEY) return json(401, { error: 'bad key' });
    const path = url.pathname;
    if (path === '/api/me') return json(200, { login: 'ada' });
    if (path === '/api/fail') return json(500, { error: 'boom', yourKey: req.headers['x-api-key'] });
    if (path === '/api/schema') return json(200, { fields: [{ name: 'color', title: 'Color', type: 'text', required: true }, { name: 'weight', type: 'number' }] });
    const one = /^\/api\/items\/([^/]+)$/.exec(path);
    if (one && req.method === 'GET') {
      const item = items.get(Number(decodeURIComponent(one[1])));
      return item ? json(200, item) : json(404, { error: 'not found' });
    }
    if (path === '/api/items' && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? '10');
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = [...items.values()];
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) headers.link = `</api/items?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return json(200, slice, headers);
    }
    if (path === '/api/items' && req.method === 'POST') {
      const body = JSON.parse(received.body.toString('utf8')) as Record<string, unknown>;
      const id = nextId++;
      items.set(id, { ...body, id });
      return json(201, { ...body, id, currency: url.searchParams.get('currency') });
    }
    if (path === '/api/upload') {
      const form = await new Request(`http://x${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(received.body) }).formData();
      const doc = form.get('doc') as File;
      return json(200, { name: doc.name, type: doc.type, size: doc.size, text: await doc.text(), note: form.get('note') });
    }
    if (path === '/api/download') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="report.csv"' });
      res.end('a,b\n1,2\n');
      return;
    }
    json(404, { error: 'no route' });
  };
  server.reset(handler);
  return { server, items, hits, close: () => server.close() };
}
