// `runtime connections show <connector> <name>`: one connection with its secret fields masked (••••••), its
// status and token expiry; built from the store's summary, so no secret or token is ever decrypted.
import type { Command } from 'commander';
import { RuntimeError, isRuntimeError } from '../../errors/runtime-error.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliStore } from '../open-cli-runtime.js';
import { formatPairs } from '../print-table.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { clipped, formatTime } from '../terminal-text.js';
import type { ListFlags } from './connections-list.js';
import { publicView, tokenText } from './connections-view.js';

export function registerShow(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('show')
      .description('show one connection: fields with secrets masked, status, token expiry (never tokens)')
      .argument('<connector>')
      .argument('<name>')
      .option('--json', 'print JSON'),
  ).action((connector: string, name: string, _options: unknown, command: Command) => {
    context.exitCode = show(context, connector, name, command.optsWithGlobals() as ListFlags);
  });
}

function show(context: CliContext, connector: string, name: string, flags: ListFlags): number {
  const store = openCliStore(context, flags);
  if (!store) return context.exitCode;
  try {
    const found = store.connections.list(connector).find((c) => c.name === name);
    if (!found) {
      const error = new RuntimeError('CONNECTION_NOT_FOUND', `no connection '${name}' for connector ${connector}`, { actor: 'user' });
      context.io.stderr(formatRuntimeError(error));
      return EXIT.problems;
    }
    if (flags.json) {
      context.io.stdout(`${JSON.stringify(publicView(found), null, 2)}\n`);
      return EXIT.ok;
    }
    const pairs: [string, string][] = [
      ['connection', `${found.connector}/${found.name}`],
      ['id', found.id],
      ['status', found.status],
      ['label', found.label ?? ''],
      ['created', formatTime(found.createdAt)],
      ['updated', formatTime(found.updatedAt)],
      ['tokens', tokenText(found)],
    ];
    let text = formatPairs(pairs.map(([k, v]) => [k, clipped(v, 200)]));
    const fields = Object.entries(found.maskedFields);
    text += fields.length === 0 ? 'fields      (none)\n' : `fields\n${formatPairs(fields.map(([k, v]) => [clipped(k, 60), clipped(typeof v === 'string' ? v : JSON.stringify(v), 200)]), '  ')}`;
    context.io.stdout(text);
    return EXIT.ok;
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    context.io.stderr(formatRuntimeError(e));
    return EXIT.problems;
  } finally {
    store.close();
  }
}
