// `runtime trigger <flow>`: queues a run of a manually triggered flow. A running `runtime start` executes it
// (within a second); without one it waits in the store for the next start.
import { isRuntimeError } from '../../errors/runtime-error.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { loadProjectOrReport, openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { readInputOption } from '../read-json-input.js';
import { formatAnyError } from '../print-runtime-error.js';
import { enqueueManualRun } from '../../runtime/manual-runs.js';
import { readServiceStatus } from '../../runtime/status-file.js';
import { resolveRuntimeOptions } from '../runtime-options.js';

export const triggerCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program
        .command('trigger')
        .description('queue a run of a manually triggered flow (a running `runtime start` executes it)')
        .argument('<flow>', 'the flow name')
        .option('--input <json>', 'the flow\'s manual inputs as JSON, or @file'),
    ).action(async (flowName: string, _options: unknown, command) => {
      const { io } = context;
      const flags = command.optsWithGlobals() as GlobalFlags & { input?: string };
      const given = await readInputOption(io, flags.input);
      if (!given) {
        context.exitCode = EXIT.usage;
        return;
      }
      const { input } = given;
      const model = await loadProjectOrReport(context, flags);
      if (!model) return;
      const store = openCliStore(context, flags);
      if (!store) return;
      try {
        const id = enqueueManualRun(model, store.events, flowName, input ?? {});
        const running = readServiceStatus(resolveRuntimeOptions(io, model.root, flags).dataDir) !== undefined;
        io.stdout(`queued event ${id} for flow ${flowName}${running ? '' : ' (no runtime is running: it runs on the next `runtime start`)'}\n`);
        context.exitCode = EXIT.ok;
      } catch (e) {
        if (!isRuntimeError(e)) throw e;
        io.stderr(formatAnyError(e));
        context.exitCode = EXIT.problems;
      } finally {
        store.close();
      }
    });
  },
};
