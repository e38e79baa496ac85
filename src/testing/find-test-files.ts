// Finds connector test files: `*.test.yaml` / `*.test.yml` under the project's connectors/ folder (cassettes/,
// node_modules/ and dot-folders are skipped), sorted, with bounded depth and count.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const TEST_FILE = /\.test\.ya?ml$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', 'cassettes']);
export const MAX_TEST_FILES = 1000;
const MAX_DEPTH = 16;

export interface FoundTestFiles {
  /** Absolute, sorted. */
  readonly files: string[];
  /** Why some folders were not searched (too deep, too many files, unreadable). */
  readonly problems: { readonly path: string; readonly reason: string }[];
}

export async function findTestFiles(connectorsDir: string): Promise<FoundTestFiles> {
  const files: string[] = [];
  const problems: { path: string; reason: string }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) {
      problems.push({ path: dir, reason: `folders nested deeper than ${MAX_DEPTH} levels are not searched` });
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      // A project without connectors/ simply has no tests.
      if ((e as { code?: unknown }).code !== 'ENOENT' || depth > 0) problems.push({ path: dir, reason: 'cannot be read' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(full, depth + 1);
      } else if (entry.isFile() && TEST_FILE.test(entry.name)) {
        if (files.length >= MAX_TEST_FILES) {
          problems.push({ path: dir, reason: `more than ${MAX_TEST_FILES} test files; the rest were not read` });
          return;
        }
        files.push(full);
      }
    }
  };
  await walk(connectorsDir, 0);
  return { files: files.sort(), problems };
}
