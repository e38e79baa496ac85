// The shape of one subcommand: it adds itself to the program and reports its exit code through the context.
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';

export interface CliContext {
  io: CliIo;
  /** Set by the command's action; main() returns it. */
  exitCode: number;
}

export interface CliCommand {
  register(program: Command, context: CliContext): void;
}

/** Exit codes shared by all commands. */
export const EXIT = Object.freeze({ ok: 0, problems: 1, usage: 2 });
