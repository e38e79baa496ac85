// The global `--project <dir>` option: the folder holding connectors/ and flows/ (default: where the command runs).
import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';

export function addProjectOption(program: Command): void {
  program.option('--project <dir>', 'project folder holding connectors/ and flows/ (default: current folder)');
}

export function projectRoot(io: CliIo, option: string | undefined): string {
  return path.resolve(io.cwd, option ?? '.');
}
