// `runtime connections delete <connector> <name>`: revoke what the service granted (the connector's `revoke`
// system flow, else RFC 7009 at its `revokeUrl` when tokens exist), then delete. A failed revoke keeps the
// connection unless `--force` says to delete it anyway.
import type { Command } from 'commander';
import { revokeTokens } from '../../auth/oauth2-revoke.js';
import { isRuntimeError, type RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Connector } from '../../model/model.js';
import { connectionSecrets } from '../../engine/connector-requests.js';
import type { Runtime } from '../../runtime/open-runtime.js';
import { createRedactor } from '../../store/redact.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { isTerminal, PromptCancelled, terminalPrompter } from '../terminal-prompt.js';
import { connectionOrError } from './connections-lookup.js';

interface DeleteFlags extends GlobalFlags {
  yes?: boolean;
  force?: boolean;
}

export function registerDelete(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('delete')
      .description('revoke (revoke flow or RFC 7009) and delete a connection')
      .argument('<connector>')
      .argument('<name>')
      .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
      .option('--force', 'delete even when revoking fails or the connector is no longer defined'),
  ).action(async (connector: string, name: string, _options: unknown, command: Command) => {
    context.exitCode = await remove(context, connector, name, command.optsWithGlobals() as DeleteFlags);
  });
}

async function remove(context: CliContext, connectorName: string, name: string, flags: DeleteFlags): Promise<number> {
  const { io } = context;
  const cli = await openCliRuntime(context, flags);
  if (!cli) return context.exitCode;
  const { runtime } = cli;
  try {
    const connection = connectionOrError(runtime.store.connections, connectorName, name);
    const label = `${connection.connector}/${connection.name}`;
    if (!flags.yes) {
      const answer = await confirm(context, `Delete connection ${label}? [y/N] `);
      if (answer !== 'yes') {
        io.stderr(answer === 'no-terminal' ? `error: pass --yes to delete ${label} without a terminal to confirm on\n` : 'not deleted\n');
        return answer === 'no-terminal' ? EXIT.usage : EXIT.ok;
      }
    }
    const connector = cli.model.connectors.get(connection.connector);
    if (!connector) {
      if (!flags.force) {
        io.stderr(`error: connector ${connection.connector} is not defined in the project, so its grant cannot be revoked: pass --force to delete the connection anyway\n`);
        return EXIT.problems;
      }
      io.stderr(`connector ${connection.connector} is not defined: deleting without revoking\n`);
    } else {
      const failure = await revoke(runtime, connector, connection, io);
      if (failure) {
        io.stderr(formatRuntimeError(failure, { redactor: createRedactor(connectionSecrets(runtime.store.connections.getById(connection.id) ?? connection)) }));
        if (!flags.force) {
          io.stderr(`the connection is kept: fix the cause, or pass --force to delete ${label} without revoking\n`);
          return EXIT.problems;
        }
        io.stderr('--force: deleting although revoking failed\n');
      }
    }
    runtime.store.connections.delete(connection.id);
    io.stdout(`✔ deleted connection ${label}\n`);
    return EXIT.ok;
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    io.stderr(formatRuntimeError(e));
    return EXIT.problems;
  } finally {
    await cli.close();
  }
}

/** Undefined when revoked or nothing to revoke; the error otherwise. */
async function revoke(runtime: Runtime, connector: Connector, connection: Connection, io: CliContext['io']): Promise<RuntimeError | undefined> {
  try {
    if (connector.system.revoke) {
      await runtime.engine.runSystemFlow(connector.name, 'revoke', connection);
      io.stdout('✔ revoked (revoke flow)\n');
    } else if (connector.auth.type === 'oauth2' && connector.auth.revokeUrl && connection.tokens) {
      const revoked = await revokeTokens({ connector, connection, tokens: runtime.store.connections, http: runtime.tokenHttp, allowPrivateNetwork: runtime.allowPrivateNetwork });
      io.stdout(`✔ revoked ${revoked.length ? revoked.join(' and ') : 'nothing the service would accept'} (RFC 7009)\n`);
    }
    return undefined;
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    return e;
  }
}

async function confirm(context: CliContext, question: string): Promise<'yes' | 'no' | 'no-terminal'> {
  const input = context.io.stdin ?? process.stdin;
  if (!isTerminal(input)) return 'no-terminal';
  const prompter = terminalPrompter(input, context.io.stderr);
  try {
    return /^(y|yes)$/i.test((await prompter.ask(question)).trim()) ? 'yes' : 'no';
  } catch (e) {
    if (e instanceof PromptCancelled) return 'no';
    throw e;
  } finally {
    prompter.close();
  }
}
