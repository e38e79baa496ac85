// `runtime fields <connector> <card> --connection <name>`: the card's inputs and outputs as a flow author sees
// them for one connection and set of options: the declared ones plus those its dynamic fields helper returns.
import type { Command } from 'commander';
import { isRuntimeError } from '../../errors/runtime-error.js';
import type { DynamicFieldSet } from '../../engine/dynamic-fields.js';
import type { Connection } from '../../model/connection.js';
import type { Card, FieldDef, Fields } from '../../model/model.js';
import { createRedactor } from '../../store/redact.js';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.js';
import { collectKeyValue } from '../key-value-option.js';
import { openCliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { formatTable } from '../print-table.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { printable } from '../terminal-text.js';
import { connectionOrError, connectorOrError } from './connections-lookup.js';
import { secretsOfConnection } from './run-secrets.js';

interface FieldsFlags extends GlobalFlags {
  connection?: string;
  option?: Record<string, string>;
  json?: boolean;
}

/** One row of the listing; nested object fields appear as `parent.child`. */
interface FieldRow {
  name: string;
  title: string;
  type: string;
  list: boolean;
  required: boolean;
  help: string | null;
  choices: string[] | null;
  dynamic: boolean;
}

const MAX_DEPTH = 8;

export const fieldsCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program
        .command('fields')
        .description("list a card's inputs and outputs, including its dynamic fields for a connection")
        .argument('<connector>')
        .argument('<card>', 'an action or event card')
        .option('--connection <name>', 'the stored connection the dynamic fields helper runs with')
        .option('--option <name=value>', 'a design-time option of the card (repeatable)', collectKeyValue)
        .option('--json', 'print JSON instead of tables'),
    ).action(async (connector: string, card: string, _options: unknown, command: Command) => {
      context.exitCode = await listFields(context, connector, card, command.optsWithGlobals() as FieldsFlags);
    });
  },
};

async function listFields(context: CliContext, connectorName: string, cardName: string, flags: FieldsFlags): Promise<number> {
  const { io } = context;
  const cli = await openCliRuntime(context, flags);
  if (!cli) return context.exitCode;
  let connection: Connection | undefined;
  try {
    const connector = connectorOrError(cli, connectorName);
    connection = flags.connection === undefined ? undefined : connectionOrError(cli.runtime.store.connections, connector.name, flags.connection);
    const dynamic = await cli.runtime.engine.dynamicFields(connector.name, cardName, connection, flags.option ?? {});
    const card: Card = Object.hasOwn(connector.actions, cardName) ? connector.actions[cardName]! : connector.events[cardName]!;
    const inputs = card.kind === 'action' ? rows(card.inputs, dynamic.inputs) : rows({}, dynamic.inputs);
    const outputs = rows(card.outputs, dynamic.outputs);
    if (flags.json) {
      io.stdout(`${JSON.stringify({ connector: connector.name, card: card.name, kind: card.kind, inputs, outputs }, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout(render(`${connector.name}.${card.name}`, card, inputs, outputs, dynamic));
    return EXIT.ok;
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    io.stderr(formatRuntimeError(e, { redactor: createRedactor(secretsOfConnection(connection)) }));
    return EXIT.problems;
  } finally {
    await cli.close();
  }
}

/** Declared fields first, then dynamic ones; a dynamic field of the same name replaces the declared one. */
function rows(declared: Fields, dynamic: Fields | undefined): FieldRow[] {
  const out = new Map<string, FieldRow>();
  const add = (fields: Fields, isDynamic: boolean, prefix: string, depth: number) => {
    for (const def of Object.values(fields)) {
      const name = `${prefix}${def.name}`;
      out.set(name, row(def, name, isDynamic));
      if (def.fields && depth < MAX_DEPTH) add(def.fields, isDynamic, `${name}.`, depth + 1);
    }
  };
  add(declared, false, '', 0);
  if (dynamic) {
    for (const name of Object.keys(dynamic)) {
      for (const key of [...out.keys()]) if (key === name || key.startsWith(`${name}.`)) out.delete(key);
    }
    add(dynamic, true, '', 0);
  }
  return [...out.values()];
}

function row(def: FieldDef, name: string, dynamic: boolean): FieldRow {
  return {
    name,
    title: def.title,
    type: def.type,
    list: def.list,
    required: def.required,
    help: def.help ?? null,
    choices: def.choices ? def.choices.map((c) => String(c.value)) : null,
    dynamic,
  };
}

function render(label: string, card: Card, inputs: FieldRow[], outputs: FieldRow[], dynamic: DynamicFieldSet): string {
  const table = (list: FieldRow[]) =>
    list.length === 0
      ? '(none)\n'
      : formatTable(
          ['name', 'title', 'type', 'required', 'source', 'help'],
          list.map((f) => [f.name, f.title, typeText(f), f.required ? 'yes' : 'no', f.dynamic ? 'dynamic' : 'declared', f.help ?? '']),
        );
  const parts = [`${printable(label)}  ${printable(card.title)} (${card.kind})\n`];
  if (!card.dynamicFields) parts.push('this card has no dynamic fields: only the declared ones are listed\n');
  else if (!dynamic.inputs && !dynamic.outputs) parts.push('the dynamic fields helper returned no fields\n');
  if (card.kind === 'action' || inputs.length > 0) parts.push('\ninputs\n', table(inputs));
  parts.push('\noutputs\n', table(outputs));
  return parts.join('');
}

function typeText(f: FieldRow): string {
  const base = f.choices ? `${f.type} (${f.choices.join(', ')})` : f.type;
  return f.list ? `list of ${base}` : base;
}
