// A small project in a throwaway git repository: commit revisions of its definition files, edit the working
// tree, and diff them. Commits use a fixed identity through `-c` flags, so no git configuration is needed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../cli/run-cli.js';
import type { CliIo } from '../../src/cli/cli-io.js';

export const BASE_PROJECT = fileURLToPath(new URL('../fixtures/diff/base/', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/diff/golden/', import.meta.url));

const IDENTITY = ['-c', 'user.name=Diff Test', '-c', 'user.email=diff@test.invalid', '-c', 'commit.gpgsign=false'];

/** Replacements applied to a file's text: each `from` must occur exactly once, so tests fail loudly when a fixture changes. */
export type Edit = readonly [file: string, from: string, to: string];

export class GitProject {
  private constructor(readonly dir: string) {}

  /** A repository on branch `main` whose first commit is the base fixture project. */
  static create(): GitProject {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-diff-'));
    const project = new GitProject(dir);
    project.git('init', '-q', '-b', 'main');
    return project;
  }

  git(...args: string[]): string {
    return execFileSync('git', [...IDENTITY, ...args], { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
  }

  /** Makes the working tree hold exactly the base project (plus `edits`), and commits it; returns the commit id. */
  commitBase(edits: readonly Edit[] = [], message = 'revision'): string {
    this.resetToBase(edits);
    return this.commitAll(message);
  }

  /** The working tree becomes the base project with the edits, uncommitted. */
  resetToBase(edits: readonly Edit[] = []): void {
    for (const folder of ['connectors', 'flows']) rmSync(path.join(this.dir, folder), { recursive: true, force: true });
    cpSync(BASE_PROJECT, this.dir, { recursive: true });
    for (const [file, from, to] of edits) this.edit(file, from, to);
  }

  edit(file: string, from: string, to: string): void {
    const full = path.join(this.dir, file);
    const text = readFileSync(full, 'utf8');
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`edit of ${file}: expected one ${JSON.stringify(from)}, found ${count}`);
    writeFileSync(full, text.replace(from, () => to));
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), text);
  }

  remove(file: string): void {
    rmSync(path.join(this.dir, file));
  }

  commitAll(message = 'revision'): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  files(folder: string): string[] {
    return readdirSync(path.join(this.dir, folder));
  }

  runtime(args: string[], io: Partial<CliIo> = {}): Promise<CliRun> {
    return runCli(['--project', this.dir, ...args], this.dir, io);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
