// The live service behind test/fixtures/testing/project/connectors/shop.yaml (and notes.yaml), on 127.0.0.1 with an ephemeral port.
// It refuses requests without the canary key in both the header and the query, so a recording proves the key was
// sent, and the tests then prove it was not written.
import { startServer, type TestServer } from '../http/test-server.js';

export const CANARY_KEY = 'canary-shop-key-4b1d9e77';
/** The stored OAuth access token of the notes connector's connection. */
export const CANARY_TOKEN = 'canary-notes-token-0c5a81f3';

const ITEMS = [
  { id: 1, name: 'Lamp', price: 20 },
  { id: 2, name: 'Desk', price: 150 },
  { id: 3, name: 'Chair', price: 80 },
];

export async function startShopApi(): Promise<TestServer> {
  const server = await startServer();
  server.reset((req, res, received) => {
    const url = new URL(req.url ?? '/', server.base);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/notes/whoami') {
      if (req.headers.authorization !== `Bearer ${CANARY_TOKEN}`) return json(401, { error: 'bad token' });
      return json(200, { user: 'ada', token: req.headers.authorization });
    }
    if (req.headers['x-api-key'] !== CANARY_KEY || url.searchParams.get('key') !== CANARY_KEY) return json(401, { error: 'bad key' });
    const path = url.pathname;
    if (path === '/api/me') return json(200, { login: 'ada', key: CANARY_KEY });
    const one = /^\/api\/items\/(\d+)$/.exec(path);
    if (one && req.method === 'GET') {
      const item = ITEMS.find((i) => i.id === Number(one[1]));
      return item ? json(200, item) : json(404, { error: 'not found' });
    }
    if (path === '/api/items' && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? '10');
      const page = Number(url.searchParams.get('page') ?? '1');
      const headers: Record<string, string> = {};
      if (page * perPage < ITEMS.length) {
        // An absolute link to this very server: the recording rewrites it to the fixture's host.
        headers.link = `<${server.base}/api/items?per_page=${perPage}&page=${page + 1}&key=${CANARY_KEY}>; rel="next"`;
      }
      return json(200, ITEMS.slice((page - 1) * perPage, page * perPage), headers);
    }
    if (path === '/api/items' && req.method === 'POST') {
      const body = JSON.parse(received.body.toString('utf8')) as Record<string, unknown>;
      return json(201, { ...body, id: 100, currency: url.searchParams.get('currency') });
    }
    if (path === '/api/events') {
      return json(200, { events: [ITEMS[0], ITEMS[1]], next: '2026-01-02T00:00:00Z', since: url.searchParams.get('since') });
    }
    if (path === '/api/hooks' && req.method === 'POST') return json(201, { id: 'hook-7', secret: 'whsec-shop' });
    return json(404, { error: 'no route' });
  });
  return server;
}
