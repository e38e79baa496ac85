// A throw-away copy of the fixture project, so a test can add files or record cassettes without touching the
// committed fixtures.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_PROJECT = fileURLToPath(new URL('../fixtures/testing/project/', import.meta.url));

export interface ProjectCopy {
  readonly root: string;
  write(relative: string, text: string): void;
  remove(): void;
}

export function copyFixtureProject(): ProjectCopy {
  const root = mkdtempSync(path.join(os.tmpdir(), 'connector-tests-'));
  cpSync(FIXTURE_PROJECT, root, { recursive: true });
  return {
    root,
    write(relative, text) {
      writeFileSync(path.join(root, relative), text);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
