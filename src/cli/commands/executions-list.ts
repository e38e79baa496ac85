// `runtime executions list [--status failed] [--limit N] [--target name]`: newest first, one line each.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ExecutionStatus } from '../../store/store.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { formatTable } from '../print-table.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { formatDuration, formatTime } from '../terminal-text.js';

const MAX_LIMIT = 1000;

interface ListFlags extends GlobalFlags {
  status?: ExecutionStatus;
  limit: number;
  target?: string;
  json?: boolean;
}

export function registerExecutionsList(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('list')
      .description('list recorded executions, newest first')
      .addOption(new Option('--status <status>', 'only executions with this status').choices(['running', 'succeeded', 'failed']))
      .option('--limit <n>', `how many (1 to ${MAX_LIMIT})`, parseLimit, 20)
      .option('--target <name>', 'only runs of this action (<connector>.<action>) or flow')
      .option('--json', 'print JSON instead of a table'),
  ).action((_options: unknown, command: Command) => {
    context.exitCode = list(context, command.optsWithGlobals() as ListFlags);
  });
}

function list(context: CliContext, flags: ListFlags): number {
  const store = openCliStore(context, flags);
  if (!store) return context.exitCode;
  try {
    const executions = store.executions.list({ status: flags.status, limit: flags.limit, target: flags.target });
    if (flags.json) {
      context.io.stdout(`${JSON.stringify(executions, null, 2)}\n`);
    } else if (executions.length === 0) {
      context.io.stdout('no executions recorded\n');
    } else {
      const rows = executions.map((e) => [
        e.id,
        e.status,
        e.target,
        e.kind,
        e.connection ?? '',
        formatTime(e.startedAt),
        e.endedAt === undefined ? '' : formatDuration(e.endedAt - e.startedAt),
        String(e.stepCount),
        e.error?.code ?? '',
      ]);
      context.io.stdout(formatTable(['id', 'status', 'target', 'kind', 'connection', 'started', 'duration', 'steps', 'error'], rows));
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_LIMIT) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}
