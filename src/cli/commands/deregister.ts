// `runtime deregister [flows...]`: runs the connectors' deregister flows for the stored webhook registrations
// (all, or the named flows') and forgets them. A later `runtime start` registers enabled flows again.
import { EXIT, type CliCommand } from '../cli-command.js';
import { openCliRuntime, type GlobalFlags } from '../open-cli-runtime.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { createRegistrationReconciler } from '../../triggers/registration-reconciler.js';
import { defaultPublicBaseUrl } from '../../triggers/registration-callback-url.js';
import { SILENT_LOGGER } from '../../log/log-sink.js';

export const deregisterCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program
        .command('deregister')
        .description('remove webhook registrations at the remote services (all, or of the given flows)')
        .argument('[flows...]', 'flow names (default: every stored registration)')
        .option('--public-url <url>', 'the public base URL the registrations were made with (env RUNTIME_PUBLIC_URL)'),
    ).action(async (flows: string[], _options: unknown, command) => {
      const { io } = context;
      const flags = command.optsWithGlobals() as GlobalFlags & { publicUrl?: string };
      const cli = await openCliRuntime(context, flags);
      if (!cli) return;
      try {
        const { runtime, model } = cli;
        const reconciler = createRegistrationReconciler({
          engine: runtime.engine,
          store: runtime.store.registrations,
          connections: runtime.store.connections,
          model,
          publicBaseUrl: flags.publicUrl ?? io.env.RUNTIME_PUBLIC_URL ?? defaultPublicBaseUrl('127.0.0.1', 8080),
          logger: SILENT_LOGGER,
        });
        const report = await reconciler.deregisterAll(flows.length > 0 ? flows : undefined);
        for (const flow of report.deregistered) io.stdout(`✔ deregistered ${flow}\n`);
        for (const f of report.failed) io.stderr(`✖ ${f.flow}: ${f.error.code}: ${f.error.message}\n`);
        if (report.deregistered.length === 0 && report.failed.length === 0) io.stdout('no webhook registrations to remove\n');
        context.exitCode = report.failed.length > 0 ? EXIT.problems : EXIT.ok;
      } finally {
        await cli.close();
      }
    });
  },
};
