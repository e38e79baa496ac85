// Every subcommand of `runtime`, in the order `--help` lists them. Adding a command touches this list only.
import type { CliCommand } from '../cli-command.js';
import { validateCommand } from './validate.js';
import { diffCommand } from './diff.js';
import { runCommand } from './run.js';
import { connectionsCommand } from './connections.js';
import { fieldsCommand } from './fields.js';
import { executionsCommand } from './executions.js';

export const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  diffCommand,
  runCommand,
  connectionsCommand,
  fieldsCommand,
  executionsCommand,
];
