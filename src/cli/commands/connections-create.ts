// `runtime connections create <connector> --name <name>`: collect the fields, store the connection (after the
// browser round trip for the OAuth 2.0 authorization code grant, after a first token for client credentials),
// then check it with `authping`. A connection that does not work is kept with status `failing`.
import { InvalidArgumentError, type Command } from 'commander';
import { clientCredentials } from '../../auth/oauth2-tokens.js';
import { coerceFields } from '../../engine/coerce-fields.js';
import { isRuntimeError, RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Connector } from '../../model/model.js';
import { createRedactor } from '../../store/redact.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { collectKeyValue } from '../key-value-option.js';
import { openCliRuntime, type CliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { isTerminal, PromptCancelled, terminalPrompter, type Prompter } from '../terminal-prompt.js';
import { pingConnection, reportPing } from './connections-authping.js';
import { authorizeInBrowser, DEFAULT_CALLBACK_PORT, DEFAULT_CALLBACK_TIMEOUT_MS } from './connections-authorize.js';
import { collectFieldValues } from './connections-field-values.js';
import { connectorOrError } from './connections-lookup.js';

interface CreateFlags extends GlobalFlags {
  name: string;
  field?: Record<string, string>;
  callbackPort: number;
  callbackTimeout: number;
  open?: boolean;
}

// The store's rule for connection names, checked before a browser round trip could be wasted on a bad one.
const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export function registerCreate(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('create')
      .description('create a connection: ask for missing fields, authorize (OAuth 2.0), check it with authping')
      .argument('<connector>', 'the connector the connection is for')
      .requiredOption('--name <name>', 'the connection name flows refer to')
      .option('--field <name=value>', 'a connection field (repeatable); for secrets prefer the env RUNTIME_FIELD_<NAME>', collectKeyValue)
      .option('--callback-port <port>', 'OAuth 2.0 authorization code: port of the local callback server on 127.0.0.1', parsePort, DEFAULT_CALLBACK_PORT)
      .option('--callback-timeout <seconds>', 'OAuth 2.0 authorization code: how long to wait for the browser', parseSeconds, DEFAULT_CALLBACK_TIMEOUT_MS / 1000)
      .option('--open', 'OAuth 2.0 authorization code: open the authorize address in the default browser'),
  ).action(async (connectorName: string, _options: unknown, command: Command) => {
    context.exitCode = await create(context, connectorName, command.optsWithGlobals() as CreateFlags);
  });
}

async function create(context: CliContext, connectorName: string, flags: CreateFlags): Promise<number> {
  const { io } = context;
  if (!NAME_PATTERN.test(flags.name)) {
    io.stderr(`error: connection name '${flags.name.slice(0, 100)}' must be 1 to 100 letters, digits, '_', '-' or '.', not starting with '-' or '.'\n`);
    return EXIT.usage;
  }
  const cli = await openCliRuntime(context, flags);
  if (!cli) return context.exitCode;
  try {
    const connector = connectorOrError(cli, connectorName);
    if (cli.runtime.store.connections.list(connector.name).some((c) => c.name === flags.name)) {
      throw new RuntimeError('STORE_CONNECTION_EXISTS', `connector ${connector.name} already has a connection named '${flags.name}': pick another name or delete that one first`, { actor: 'user' });
    }
    const values = await fieldValues(context, connector, flags);
    if (typeof values === 'number') return values;
    const fields = coerceFields(connector.connectionFields, values, { card: `${connector.name} connection`, direction: 'input', allowUnknown: false });
    const secretFields = Object.values(connector.connectionFields).filter((f) => f.type === 'secret').map((f) => f.name);
    const secrets = secretFields.map((n) => fields[n]).filter((v): v is string => typeof v === 'string');
    try {
      return await connect(context, cli, connector, flags, fields, secretFields);
    } catch (e) {
      if (!isRuntimeError(e)) throw e;
      io.stderr(formatRuntimeError(e, { redactor: createRedactor(secrets) }));
      return EXIT.problems;
    }
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    io.stderr(formatRuntimeError(e));
    return EXIT.problems;
  } finally {
    await cli.close();
  }
}

/** The field values, or an exit code after a usage problem was printed. */
async function fieldValues(context: CliContext, connector: Connector, flags: CreateFlags): Promise<Record<string, unknown> | number> {
  const { io } = context;
  const input = io.stdin ?? process.stdin;
  let prompter: Prompter | undefined;
  if (isTerminal(input)) prompter = terminalPrompter(input, io.stderr);
  try {
    const collected = await collectFieldValues(connector, { flags: flags.field ?? {}, env: io.env, prompter });
    if ('problem' in collected) {
      io.stderr(`error: ${collected.problem.replace(/\n/g, '\nerror: ')}\n`);
      return EXIT.usage;
    }
    return collected.values;
  } catch (e) {
    if (!(e instanceof PromptCancelled)) throw e;
    io.stderr('cancelled: no connection was created\n');
    return EXIT.usage;
  } finally {
    prompter?.close();
  }
}

async function connect(
  context: CliContext,
  cli: CliRuntime,
  connector: Connector,
  flags: CreateFlags,
  fields: Record<string, unknown>,
  secretFields: string[],
): Promise<number> {
  const { io } = context;
  const { runtime } = cli;
  const auth = connector.auth;
  const label = `${connector.name}/${flags.name}`;
  let connection: Connection;
  if (auth.type === 'oauth2' && auth.grant === 'authorization_code') {
    connection = await authorizeInBrowser({
      io, runtime, connector, name: flags.name, fields, secretFields,
      port: flags.callbackPort, timeoutMs: flags.callbackTimeout * 1000, open: flags.open === true,
    });
    io.stdout(`✔ created connection ${label} (authorized)\n`);
  } else {
    connection = runtime.store.connections.create(connector.name, flags.name, fields, secretFields);
    io.stdout(`✔ created connection ${label}\n`);
    if (auth.type === 'oauth2') {
      try {
        await clientCredentials({ connector, connection, tokens: runtime.store.connections, http: runtime.tokenHttp, allowPrivateNetwork: runtime.allowPrivateNetwork });
      } catch (e) {
        if (!isRuntimeError(e)) throw e;
        runtime.store.connections.updateStatus(connection.id, 'failing');
        reportPing(io, { outcome: 'failing', error: e, secrets: secretFields.map((n) => String(fields[n] ?? '')) }, connection);
        return keptNote(io, connection);
      }
      connection = runtime.store.connections.getById(connection.id) ?? connection;
    }
  }
  const ping = await pingConnection(runtime, connector, connection);
  if (ping.outcome === 'untested' && auth.type === 'oauth2') {
    // Tokens were issued for these credentials: as much proof as there is without an authping flow.
    runtime.store.connections.updateStatus(connection.id, 'working');
    io.stdout(`✔ connected (tokens received; connector ${connector.name} has no authping flow to check more)\n`);
    return EXIT.ok;
  }
  const code = reportPing(io, ping, connection);
  return code === EXIT.ok ? code : keptNote(io, connection);
}

function keptNote(io: CliContext['io'], connection: Connection): number {
  io.stdout(`the connection is kept with status failing: fix the cause, then \`runtime connections test ${connection.connector} ${connection.name}\` (or delete it)\n`);
  return EXIT.problems;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return port;
}

function parseSeconds(text: string): number {
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > 3600) throw new InvalidArgumentError('expected whole seconds from 1 to 3600');
  return seconds;
}
