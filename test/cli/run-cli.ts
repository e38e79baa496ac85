// Runs the CLI in-process with captured output, as a person would see it in a terminal without colour.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/cli-io.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCli(args: string[], cwd: string, io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(args, {
    cwd,
    env: {},
    stdoutIsTTY: false,
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    ...io,
  });
  return { stdout, stderr, exitCode };
}

/** The exact text a golden file holds: stdout, stderr when there is any, and the exit code. */
export function goldenText(run: CliRun): string {
  const parts = ['--- stdout\n', run.stdout];
  if (run.stderr) parts.push('--- stderr\n', run.stderr);
  parts.push(`--- exit code: ${run.exitCode}\n`);
  return parts.join('');
}

/** Golden scenario folders: a small project each, with args.txt and expected.txt. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

/** args.txt: the arguments after `runtime`, separated by spaces; lines starting with # are comments. */
export function readArgs(scenario: string): string[] {
  const text = readFileSync(path.join(SCENARIOS_DIR, scenario, 'args.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
}
