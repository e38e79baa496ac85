// `runtime executions show <id>`: one execution with its steps. Everything shown was redacted when recorded;
// long values are cut (`--json` prints them whole).
import type { Command } from 'commander';
import { RuntimeError } from '../../errors/runtime-error.js';
import type { ExecutionDetail, ExecutionError } from '../../store/store.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { adviceFor, formatRuntimeError } from '../print-runtime-error.js';
import { formatPairs } from '../print-table.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { clipped, formatDuration, formatTime, printable } from '../terminal-text.js';

const MAX_VALUE_CHARS = 500;

interface ShowFlags extends GlobalFlags {
  json?: boolean;
}

export function registerExecutionsShow(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('show')
      .description('show one execution: status, timings, each step with its input, output or error')
      .argument('<id>', 'the execution id (from `runtime run` or `executions list`)')
      .option('--json', 'print JSON, values uncut'),
  ).action((id: string, _options: unknown, command: Command) => {
    context.exitCode = show(context, id, command.optsWithGlobals() as ShowFlags);
  });
}

function show(context: CliContext, id: string, flags: ShowFlags): number {
  const store = openCliStore(context, flags);
  if (!store) return context.exitCode;
  try {
    const execution = store.executions.show(id);
    if (!execution) {
      context.io.stderr(formatRuntimeError(new RuntimeError('EXECUTION_NOT_FOUND', `no execution '${clipped(id, 100)}' (see \`runtime executions list\`)`, { actor: 'user' })));
      return EXIT.problems;
    }
    context.io.stdout(flags.json ? `${JSON.stringify(execution, null, 2)}\n` : render(execution));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function render(e: ExecutionDetail): string {
  const pairs: [string, string][] = [
    ['execution', e.id],
    ['target', `${e.target} (${e.kind})`],
  ];
  if (e.connection !== undefined) pairs.push(['connection', e.connection]);
  pairs.push(['status', e.status], ['started', formatTime(e.startedAt)]);
  if (e.endedAt !== undefined) pairs.push(['ended', formatTime(e.endedAt)], ['duration', formatDuration(e.endedAt - e.startedAt)]);
  if (e.input !== undefined) pairs.push(['input', valueText(e.input)]);
  if (e.output !== undefined) pairs.push(['output', valueText(e.output)]);
  let text = formatPairs(pairs.map(([k, v]) => [k, printable(v)]));
  if (e.error) text += errorText(e.error, '');
  const omitted = e.stepsOmitted > 0 ? ` (${e.stepsOmitted} more not recorded)` : '';
  text += `steps: ${e.stepCount}${omitted}\n`;
  for (const step of e.steps) {
    const name = step.stepId === undefined ? step.kind : `${step.kind} '${step.stepId}'`;
    const parts = [`#${step.seq}`, name, step.origin ?? '', step.status, formatDuration(step.endedAt - step.startedAt)].filter(Boolean);
    text += `  ${printable(parts.join('  '))}\n`;
    const values: [string, string][] = [];
    if (step.input !== undefined) values.push(['input', valueText(step.input)]);
    if (step.output !== undefined) values.push(['output', valueText(step.output)]);
    if (values.length) text += formatPairs(values.map(([k, v]) => [k, printable(v)]), '      ');
    if (step.error) text += errorText(step.error, '      ');
  }
  return text;
}

function errorText(error: ExecutionError, indent: string): string {
  const lines = [`${indent}error ${error.code}: ${error.message}`];
  if (error.status !== undefined) lines.push(`${indent}  status ${error.status}`);
  if (error.origin) lines.push(`${indent}  at ${error.origin.file}:${error.origin.line}:${error.origin.column}`);
  for (const entry of error.trail ?? []) lines.push(`${indent}  | ${entry}`);
  if (error.body !== undefined) lines.push(`${indent}  body ${valueText(error.body)}`);
  if (error.actor) lines.push(`${indent}  → ${adviceFor(error.actor, error.code)}`);
  return lines.map(printable).join('\n') + '\n';
}

function valueText(value: unknown): string {
  const json = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
  if (json.length <= MAX_VALUE_CHARS) return json;
  return `${json.slice(0, MAX_VALUE_CHARS)}… (${json.length - MAX_VALUE_CHARS} more characters; --json shows all)`;
}
