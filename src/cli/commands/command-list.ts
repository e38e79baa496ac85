// Every subcommand of `runtime`, in the order `--help` lists them. Adding a command touches this list only.
import type { CliCommand } from '../cli-command.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly CliCommand[] = [validateCommand];
