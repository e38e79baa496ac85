// A data folder for a test's store, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function temporaryDataDir(): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'connector-tests-data-'));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
