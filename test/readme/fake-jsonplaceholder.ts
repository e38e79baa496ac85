// A stand-in for https://jsonplaceholder.typicode.com on 127.0.0.1: the README's tutorial calls the real
// service, the test (which has no internet) the same paths here, answered with the real service's data.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The todos the tutorial reads, exactly as JSONPlaceholder serves them. */
const TODOS: Readonly<Record<string, object>> = {
  '1': { userId: 1, id: 1, title: 'delectus aut autem', completed: false },
  '4': { userId: 1, id: 4, title: 'et porro tempora', completed: true },
};

export interface FakeJsonPlaceholder {
  readonly url: string;
  /** `METHOD /path` of every request received, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export async function startFakeJsonPlaceholder(): Promise<FakeJsonPlaceholder> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const id = /^\/todos\/(\d+)$/.exec(req.url ?? '')?.[1];
    const todo = req.method === 'GET' && id !== undefined ? TODOS[id] : undefined;
    res.writeHead(todo ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(todo ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
