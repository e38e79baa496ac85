// `runtime run <connector>.<action> | <flow>`: run one action card or user flow now, print its outputs as JSON
// on stdout, record the execution, and on failure say what failed, where, and who has to act.
import { isRuntimeError, RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Origin } from '../../model/model.js';
import type { ExplainEntry, StepRecorder } from '../../engine/run-context.js';
import { createRedactor, type Redactor } from '../../store/redact.js';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.js';
import { collectKeyValue } from '../key-value-option.js';
import { openCliRuntime, type CliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { formatExplainLine } from '../print-explain.js';
import { formatAnyError } from '../print-runtime-error.js';
import { readInputOption } from '../read-json-input.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { connectionOrError } from './connections-lookup.js';
import { secretsOfConnection, secretsOfFlow } from './run-secrets.js';

interface RunFlags extends GlobalFlags {
  connection?: string;
  input?: string;
  option?: Record<string, string>;
  explain?: boolean;
  record: boolean;
}

/** What is about to run, resolved against the model and the store. */
interface RunPlan {
  readonly kind: 'action' | 'flow';
  readonly target: string;
  readonly connection?: Connection;
  readonly secrets: string[];
  readonly recordedInput: unknown;
  run(hooks: { recorder: StepRecorder; explain?: (entry: ExplainEntry) => void; signal: AbortSignal }): Promise<unknown>;
}

export const runCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program
        .command('run')
        .description('run an action card or a user flow once and print its outputs as JSON')
        .argument('<target>', '<connector>.<action>, or the name of a user flow')
        .option('--connection <name>', 'the stored connection an action uses (see `runtime connections`)')
        .option('--input <json>', 'inputs as a JSON object, or @file to read them from a file (a manual flow: its trigger inputs)')
        .option('--option <name=value>', 'a design-time option of the action (repeatable)', collectKeyValue)
        .option('--explain', 'print every rendered template and expression result on stderr, secrets masked')
        .option('--no-record', 'do not record the execution'),
    ).action(async (target: string, _options: unknown, command) => {
      context.exitCode = await runTarget(context, target, command.optsWithGlobals() as RunFlags);
    });
  },
};

async function runTarget(context: CliContext, target: string, flags: RunFlags): Promise<number> {
  const { io } = context;
  const given = await readInputOption(io, flags.input);
  if (!given) return EXIT.usage;
  const { input } = given;
  const isAction = target.includes('.');
  if (!isAction && (flags.connection !== undefined || flags.option !== undefined)) {
    io.stderr(`error: --connection and --option apply to actions (<connector>.<action>); flow '${target}' names its own connections\n`);
    return EXIT.usage;
  }
  const cli = await openCliRuntime(context, flags);
  if (!cli) return context.exitCode;
  try {
    let plan: RunPlan;
    try {
      plan = isAction ? planAction(cli, target, input, flags) : planFlow(cli, target, input);
    } catch (e) {
      if (!isRuntimeError(e)) throw e;
      io.stderr(formatAnyError(e));
      return EXIT.problems;
    }
    return await execute(context, cli, plan, flags);
  } finally {
    await cli.close();
  }
}

function planAction(cli: CliRuntime, target: string, input: Record<string, unknown> | undefined, flags: RunFlags): RunPlan {
  const dot = target.indexOf('.');
  const connectorName = target.slice(0, dot);
  const card = target.slice(dot + 1);
  const connector = cli.model.connectors.get(connectorName);
  // The engine reports an unknown connector or card; a connection is looked up only for a known connector.
  const connection = connector && flags.connection !== undefined
    ? connectionOrError(cli.runtime.store.connections, connectorName, flags.connection)
    : undefined;
  const inputs = input ?? {};
  const options = flags.option ?? {};
  return {
    kind: 'action',
    target,
    connection,
    secrets: secretsOfConnection(connection),
    recordedInput: { inputs, options },
    run: (hooks) => cli.runtime.engine.runAction(connectorName, card, { connection, inputs, options }, hooks),
  };
}

function planFlow(cli: CliRuntime, name: string, input: Record<string, unknown> | undefined): RunPlan {
  const flow = cli.model.flows.get(name);
  if (!flow) {
    const known = [...cli.model.flows.keys()];
    throw new RuntimeError(
      'RUN_UNKNOWN_FLOW',
      `no flow '${name}' (${known.length ? `flows: ${known.join(', ')}` : 'the project has no flows'}); an action is run as <connector>.<action>`,
      { actor: 'user' },
    );
  }
  const trigger = input ?? {};
  return {
    kind: 'flow',
    target: name,
    secrets: secretsOfFlow(flow, cli.runtime.store.connections),
    recordedInput: trigger,
    run: (hooks) => cli.runtime.engine.runUserFlow(flow, trigger, hooks),
  };
}

async function execute(context: CliContext, cli: CliRuntime, plan: RunPlan, flags: RunFlags): Promise<number> {
  const { io } = context;
  const executions = cli.runtime.store.executions;
  const secrets = new Set(plan.secrets);
  let redactor = createRedactor(secrets);
  const executionId = flags.record
    ? executions.start({ kind: plan.kind, target: plan.target, connection: plan.connection?.name, input: plan.recordedInput, secrets: plan.secrets })
    : undefined;
  // The innermost failing step comes first: its origin says where an error without one happened.
  let failedAt: Origin | undefined;
  const recorder: StepRecorder = {
    step(record) {
      if (record.status === 'failed') failedAt ??= record.origin;
      if (executionId !== undefined) executions.step(executionId, record);
    },
    secrets(values) {
      // Tokens renewed during the run: masked in the record and in what this command prints from now on.
      const before = secrets.size;
      for (const v of values) secrets.add(v);
      if (secrets.size === before) return;
      redactor = createRedactor(secrets);
      if (executionId !== undefined) executions.addSecrets(executionId, values);
    },
  };
  const explain = flags.explain ? (entry: ExplainEntry) => io.stderr(formatExplainLine(entry, redactor)) : undefined;
  // Ctrl-C stops the run (and its request in flight), so it is recorded as failed rather than left running.
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let exitCode: number;
  try {
    const output = await plan.run({ recorder, explain, signal: abort.signal });
    if (executionId !== undefined) executions.finish(executionId, 'succeeded', output);
    io.stdout(`${outputJson(output, redactor)}\n`);
    exitCode = EXIT.ok;
  } catch (error) {
    if (executionId !== undefined) executions.finish(executionId, 'failed', error);
    io.stderr(formatAnyError(error, { fallbackOrigin: failedAt, redactor }));
    exitCode = isRuntimeError(error) ? EXIT.problems : EXIT.usage;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (executionId !== undefined) io.stderr(`execution ${executionId}\n`);
  return exitCode;
}

/** Pretty JSON with every known secret value masked inside strings; `null` when the run returned nothing. */
function outputJson(output: unknown, redactor: Redactor): string {
  return JSON.stringify(output ?? null, (_key, value: unknown) => (typeof value === 'string' ? redactor.redactText(value) : value), 2);
}
