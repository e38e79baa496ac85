// `runtime connections test <connector> <name>`: run the connector's authping with the stored connection and
// store the outcome (status working/failing and the label it returns).
import type { Command } from 'commander';
import { isRuntimeError } from '../../errors/runtime-error.js';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { pingConnection, reportPing } from './connections-authping.js';
import { connectionOrError, connectorOrError } from './connections-lookup.js';

export function registerTest(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('test')
      .description("check a connection with the connector's authping flow; updates its status and label")
      .argument('<connector>')
      .argument('<name>'),
  ).action(async (connector: string, name: string, _options: unknown, command: Command) => {
    context.exitCode = await test(context, connector, name, command.optsWithGlobals() as GlobalFlags);
  });
}

async function test(context: CliContext, connectorName: string, name: string, flags: GlobalFlags): Promise<number> {
  const cli = await openCliRuntime(context, flags);
  if (!cli) return context.exitCode;
  try {
    const connector = connectorOrError(cli, connectorName);
    const connection = connectionOrError(cli.runtime.store.connections, connector.name, name);
    if (!connector.system.authping) {
      context.io.stdout(`connector ${connector.name} has no authping flow: there is nothing to test\n`);
      return EXIT.ok;
    }
    return reportPing(context.io, await pingConnection(cli.runtime, connector, connection), connection);
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    context.io.stderr(formatRuntimeError(e));
    return EXIT.problems;
  } finally {
    await cli.close();
  }
}
