// Writes scaffolded files into a folder, all or nothing: when any target exists (and overwriting was not
// asked for), nothing is written and every existing target is reported.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedFile } from './template-files.js';

export type WriteOutcome = { written: string[] } | { existing: string[] };

export async function writePlannedFiles(root: string, files: readonly PlannedFile[], force: boolean): Promise<WriteOutcome> {
  const existing = files.filter((f) => existsSync(path.join(root, f.target))).map((f) => f.target);
  if (existing.length > 0 && !force) return { existing };
  for (const file of files) {
    const target = path.join(root, file.target);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text, 'utf8');
  }
  return { written: files.map((f) => f.target) };
}
