// `runtime connections list [connector]`: the stored connections as a table, built from the store's summaries,
// which never decrypt a secret.
import type { Command } from 'commander';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { formatTable } from '../print-table.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { clipped, formatTime } from '../terminal-text.js';
import { publicView } from './connections-view.js';

export interface ListFlags extends GlobalFlags {
  json?: boolean;
}

export function registerList(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('list')
      .description('list stored connections (never their secrets)')
      .argument('[connector]', 'only the connections of this connector')
      .option('--json', 'print JSON instead of a table'),
  ).action((connector: string | undefined, _options: unknown, command: Command) => {
    context.exitCode = list(context, connector, command.optsWithGlobals() as ListFlags);
  });
}

function list(context: CliContext, connector: string | undefined, flags: ListFlags): number {
  const store = openCliStore(context, flags);
  if (!store) return context.exitCode;
  try {
    const summaries = store.connections.list(connector);
    if (flags.json) {
      context.io.stdout(`${JSON.stringify(summaries.map(publicView), null, 2)}\n`);
    } else if (summaries.length === 0) {
      context.io.stdout(connector ? `no connections for connector ${clipped(connector, 100)}\n` : 'no connections yet: create one with `runtime connections create <connector> --name <name>`\n');
    } else {
      const rows = summaries.map((c) => [c.connector, c.name, c.status, c.label ?? '', formatTime(c.createdAt)]);
      context.io.stdout(formatTable(['connector', 'name', 'status', 'label', 'created'], rows));
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
