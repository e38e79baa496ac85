// What the polling and registration tests run on: a temp project loaded by the real loader, the real SQLite store
// in a temp dir, the real engine sending through the real HTTP client and auth schemes, and a local HTTP server
// playing the remote service.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadProject } from '../../src/project/load-project.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { DEFAULT_ENGINE_LIMITS, type RequestSender } from '../../src/engine/run-context.js';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { authSchemeFor } from '../../src/auth/schemes.js';
import { createTokenHttp } from '../../src/auth/token-http.js';
import type { ProjectModel } from '../../src/model/model.js';

export interface Rig {
  readonly root: string;
  readonly store: Store;
  model: ProjectModel;
  engine: Engine;
  /** Rewrites project files and loads the project again (as `--watch` would); returns the new model. */
  reload(files: Record<string, string | null>): Promise<ProjectModel>;
  /** Closes the store and reopens it from the same folder (a restart). */
  reopen(): void;
  close(): void;
}

export { SILENT_LOGGER as silentLogger } from '../../src/log/log-sink.js';

export async function createRig(files: Record<string, string>): Promise<Rig> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'triggers-test-'));
  const dataDir = path.join(root, '.data');
  const key = randomBytes(32);
  const write = (entries: Record<string, string | null>) => {
    for (const [name, text] of Object.entries(entries)) {
      const file = path.join(root, name);
      if (text === null) fs.rmSync(file, { force: true });
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
    }
  };
  write(files);
  const client: HttpClient = createHttpClient({ retry: { retries: 0 }, defaultTimeoutMs: 5000 });
  let store = openStore(dataDir, { secretKey: key, env: {} });
  const load = async (): Promise<ProjectModel> => {
    const loaded = await loadProject(root);
    if (!loaded.model) throw new Error(`test project does not load:\n${loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`);
    return loaded.model;
  };
  const engineFor = (model: ProjectModel): Engine => {
    const requests: RequestSender = {
      async send(request, card) {
        const connector = card.connector!;
        const base = new URL(connector.baseUrl.render({ connection: {} }));
        const prepared = card.connection
          ? await authSchemeFor(connector.auth).apply(request, { connector, connection: card.connection, tokens: store.connections, http: createTokenHttp() })
          : request;
        return client.send(prepared, { connectorName: connector.name, allowedHosts: [base.host, ...connector.hosts], allowPrivateNetwork: connector.allowPrivateNetwork });
      },
    };
    return createEngine({
      model,
      requests,
      connections: { get: (connector, name) => store.connections.get(connector, name) },
      limits: DEFAULT_ENGINE_LIMITS,
      importModule: (p) => import(p) as Promise<Record<string, unknown>>,
    });
  };
  const model = await load();
  const rig: Rig = {
    root,
    get store() {
      return store;
    },
    model,
    engine: engineFor(model),
    async reload(entries) {
      write(entries);
      rig.model = await load();
      rig.engine = engineFor(rig.model);
      return rig.model;
    },
    reopen() {
      store.close();
      store = openStore(dataDir, { secretKey: key, env: {} });
    },
    close() {
      client.close();
      store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return rig;
}

export interface FakeService {
  readonly url: string;
  /** Requests seen, in order: `GET /items?since=0`. */
  readonly log: string[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, body: unknown, url: URL) => Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown };

/** A JSON HTTP service on 127.0.0.1 with an ephemeral port; `handler` answers every request. */
export async function startFakeService(handler: Handler): Promise<FakeService> {
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      log.push(`${req.method} ${url.pathname}${url.search}`);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      Promise.resolve()
        .then(() => handler(req, body, url))
        .then((answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        }, (e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(e) }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
