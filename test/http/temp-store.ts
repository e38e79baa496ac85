// The real embedded store in a temporary folder, for file bodies and file downloads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface TempStore {
  readonly store: Store;
  readonly dir: string;
  remove(): void;
}

export function openTempStore(): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-test-'));
  const store = openStore(dir, { secretKey: randomBytes(32), env: {} });
  return {
    store,
    dir,
    remove() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
