// Runs `runtime` in-process against a project and a fresh data folder, capturing stdout and stderr as a person
// would see them. `startCli` exposes the output while the command is still running (OAuth waits for a browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIo, TerminalInput } from '../../src/cli/cli-io.js';

export const PROJECT = fileURLToPath(new URL('../fixtures/cli-run/project/', import.meta.url));

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunningCli {
  /** Output so far; complete once `done` resolves. */
  readonly output: { stdout: string; stderr: string };
  readonly done: Promise<CliRun>;
}

export interface Workspace {
  readonly dir: string;
  readonly dataDir: string;
  readonly project: string;
  /** `runtime --project <project> <args> --data-dir <dataDir> --allow-private-network`, stdin not a terminal. */
  cli(args: string[], io?: Partial<CliIo>): Promise<CliRun>;
  startCli(args: string[], io?: Partial<CliIo>): RunningCli;
  remove(): void;
}

export function workspace(project = PROJECT): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-run-'));
  const dataDir = path.join(dir, 'data');
  const fullArgs = (args: string[]) => ['--project', project, ...args, '--data-dir', dataDir, '--allow-private-network'];
  const ws: Workspace = {
    dir,
    dataDir,
    project,
    cli: (args, io) => startCli(fullArgs(args), { cwd: dir, ...io }).done,
    startCli: (args, io) => startCli(fullArgs(args), { cwd: dir, ...io }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return ws;
}

/** Runs main() with captured output; stdin is an empty non-terminal stream unless given. */
export function startCli(args: string[], io: Partial<CliIo> = {}): RunningCli {
  const output = { stdout: '', stderr: '' };
  const stdin = new PassThrough();
  stdin.end();
  const done = main(args, {
    cwd: process.cwd(),
    env: {},
    stdoutIsTTY: false,
    stdin,
    stdout: (s) => { output.stdout += s; },
    stderr: (s) => { output.stderr += s; },
    ...io,
  }).then((exitCode) => ({ ...output, exitCode }));
  return { output, done };
}

/** A stream that says it is a terminal, fed the given lines one at a time as questions are asked. */
export function fakeTerminal(): TerminalInput & PassThrough {
  const input = new PassThrough() as PassThrough & { isTTY: boolean };
  input.isTTY = true;
  return input;
}

/** Polls until `probe` returns something (the CLI runs in this process, so output arrives between awaits). */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
