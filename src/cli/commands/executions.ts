// `runtime executions <list|show|retry>`: the recorded runs (`runtime run`, triggers), redacted when recorded.
import type { CliCommand } from '../cli-command.js';
import { registerExecutionsList } from './executions-list.js';
import { registerExecutionsShow } from './executions-show.js';
import { registerExecutionsRetry } from './executions-retry.js';

export const executionsCommand: CliCommand = {
  register(program, context) {
    const group = program.command('executions').description('list and show recorded executions').helpCommand(false);
    registerExecutionsList(group, context);
    registerExecutionsShow(group, context);
    registerExecutionsRetry(group, context);
  },
};
