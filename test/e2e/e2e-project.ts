// One test's copy of the fixture project (test/fixtures/e2e/project) in a temp folder, so `--watch` edits and
// removals never touch the repository, with its data folder and the connection `saas/main` to the fake SaaS.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { ensureBuilt, killLeftovers, REPO } from './runtime-process.js';
import { API_KEY, startFakeSaas, type FakeSaas } from './fake-saas.js';

const FIXTURE = path.join(REPO, 'test/fixtures/e2e/project');

export interface E2eProject {
  readonly root: string;
  readonly dataDir: string;
  /** Replaces a project file's text through `edit`. */
  edit(file: string, edit: (text: string) => string): void;
  remove(file: string): void;
  /** Opens the store (the runtime may be running: SQLite WAL allows it), runs `read`, closes it. */
  read<T>(read: (store: Store) => T): T;
  dispose(): void;
}

export function createE2eProject(saasUrl: string): E2eProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-e2e-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  const dataDir = path.join(root, '.data');
  const read = <T>(fn: (store: Store) => T): T => {
    const store = openStore(dataDir, { env: {} });
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };
  read((store) => store.connections.create('saas', 'main', { baseUrl: saasUrl, apiKey: API_KEY }, ['apiKey']));
  return {
    root,
    dataDir,
    edit(file, edit) {
      const full = path.join(root, file);
      const before = fs.readFileSync(full, 'utf8');
      const after = edit(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      fs.writeFileSync(full, after);
    },
    remove(file) {
      fs.rmSync(path.join(root, file));
    },
    read,
    dispose() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A port free right now, for tests that restart the runtime on one address (the registered callback URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The hooks every e2e suite needs: build once, then per test a fresh fake service and project copy, and after it
 * no runtime left running. `onReady` receives them (and may start a runtime) before each test.
 */
export function useE2eWorld(onReady: (world: { saas: FakeSaas; project: E2eProject }) => void | Promise<void>): void {
  let current: { saas: FakeSaas; project: E2eProject } | undefined;
  before(function () {
    this.timeout(300_000);
    ensureBuilt();
  });
  beforeEach(async () => {
    const saas = await startFakeSaas();
    current = { saas, project: createE2eProject(saas.url) };
    await onReady(current);
  });
  afterEach(async () => {
    await killLeftovers();
    if (!current) return;
    await current.saas.close();
    current.project.dispose();
    current = undefined;
  });
}
