// Child-process remote service for bench/polling.ts, so 10,000 polls a second are answered outside the runtime's
// event loop. `GET /items?since=<n>` returns the items newer than `since`: one new item every ITEM_EVERY_MS for
// everybody, so each monitor's poll is usually empty and emits one event per period once seeded.
// Sends its port when listening; `{ stop: true }` makes it report how many requests it answered and exit.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const ITEM_EVERY_MS = 10_000;

export interface RemoteReport {
  readonly requests: number;
}

let requests = 0;
const server = http.createServer((req, res) => {
  requests++;
  const since = Number(new URL(req.url ?? '/', 'http://remote.invalid').searchParams.get('since')) || 0;
  const latest = Math.floor(Date.now() / ITEM_EVERY_MS);
  const items = latest > since ? [{ id: `item-${latest}`, title: `Item ${latest}` }] : [];
  const body = JSON.stringify({ items, last: Math.max(latest, since) });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));

process.on('message', (message: { stop?: boolean }) => {
  if (!message.stop) return;
  server.close();
  server.closeAllConnections();
  process.send?.({ requests } satisfies RemoteReport, () => process.disconnect());
});
