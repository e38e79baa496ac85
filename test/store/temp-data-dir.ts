// A fresh data directory per test, removed afterwards; stores opened through it are closed first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface TempDataDir {
  readonly dir: string;
  /** Opens a store on the directory; `env: {}` unless given, so RUNTIME_SECRET_KEY of the shell does not leak in. */
  open(options?: OpenStoreOptions): Store;
  /** Closes every store opened here and deletes the directory. */
  cleanup(): void;
}

export function makeTempDataDir(): TempDataDir {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  const dir = path.join(root, 'data');
  const opened: Store[] = [];
  return {
    dir,
    open(options = {}) {
      const store = openStore(dir, { env: {}, ...options });
      opened.push(store);
      return store;
    },
    cleanup() {
      for (const store of opened) store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every byte of the database and its WAL, as latin1 text to search for canaries. */
export function rawDatabaseBytes(dir: string): string {
  return ['runtime.db', 'runtime.db-wal']
    .map((name) => path.join(dir, name))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('\n');
}
