// `runtime connections <create|list|show|test|delete>`: the stored connections flows use. One file per
// subcommand; this one only groups them.
import type { CliCommand } from '../cli-command.js';
import { registerCreate } from './connections-create.js';
import { registerDelete } from './connections-delete.js';
import { registerList } from './connections-list.js';
import { registerShow } from './connections-show.js';
import { registerTest } from './connections-test.js';

export const connectionsCommand: CliCommand = {
  register(program, context) {
    const group = program
      .command('connections')
      .description('create, list, show, test and delete stored connections')
      .helpCommand(false);
    registerCreate(group, context);
    registerList(group, context);
    registerShow(group, context);
    registerTest(group, context);
    registerDelete(group, context);
  },
};
