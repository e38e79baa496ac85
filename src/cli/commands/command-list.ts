// Every subcommand of `runtime`, in the order `--help` lists them. Adding a command touches this list only.
import type { CliCommand } from '../cli-command.js';
import { validateCommand } from './validate.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { triggerCommand } from './trigger.js';
import { deregisterCommand } from './deregister.js';
import { eventsCommand } from './events.js';
import { testCommand } from './test.js';
import { diffCommand } from './diff.js';
import { fmtCommand } from './fmt.js';
import { initCommand } from './init.js';
import { newCommand } from './new.js';
import { runCommand } from './run.js';
import { connectionsCommand } from './connections.js';
import { fieldsCommand } from './fields.js';
import { executionsCommand } from './executions.js';
import { secretKeyCommand } from './secret-key.js';

export const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  startCommand,
  statusCommand,
  testCommand,
  diffCommand,
  fmtCommand,
  initCommand,
  newCommand,
  runCommand,
  connectionsCommand,
  fieldsCommand,
  executionsCommand,
  eventsCommand,
  triggerCommand,
  deregisterCommand,
  secretKeyCommand,
];
