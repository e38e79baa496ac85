// `runtime start`: runs the project as a service until SIGINT/SIGTERM. Refuses to start on definition errors.
// Configuration: flags > environment (RUNTIME_*) > defaults; the effective settings are logged at boot.
import { Option } from 'commander';
import { EXIT, type CliCommand } from '../cli-command.js';
import { projectRoot } from '../project-option.js';
import { addRuntimeOptions, resolveRuntimeOptions, type RuntimeFlags } from '../runtime-options.js';
import { renderProblems } from './validate.js';
import { startService } from '../../runtime/start-service.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../runtime/runtime-logger.js';
import { DEFAULT_RETENTION_DAYS } from '../../runtime/retention.js';
import type { LogSink } from '../../log/log-sink.js';

interface StartFlags extends RuntimeFlags {
  project?: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  watch?: boolean;
  logLevel?: string;
  logFormat?: string;
  retentionDays?: string;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export const startCommand: CliCommand = {
  register(program, context) {
    const command = program
      .command('start')
      .description('run the project: webhooks, polling monitors, schedules and user flows, until stopped')
      .option('--host <host>', `address to listen on (env RUNTIME_HOST, default ${DEFAULT_HOST})`)
      .option('--port <port>', `port to listen on, 0 for any free one (env RUNTIME_PORT, default ${DEFAULT_PORT})`)
      .option('--public-url <url>', 'base URL remote services use to reach this runtime, e.g. behind a proxy or tunnel (env RUNTIME_PUBLIC_URL)')
      .option('--watch', 'reload definitions when files in connectors/ or flows/ change')
      .option('--retention-days <days>', `delete finished events, execution records and unreferenced files older than this; 0 keeps all (env RUNTIME_RETENTION_DAYS, default ${DEFAULT_RETENTION_DAYS})`)
      .addOption(new Option('--log-level <level>', 'log level (env RUNTIME_LOG_LEVEL, default info)').choices(LOG_LEVELS as string[]))
      .addOption(new Option('--log-format <format>', 'json for machines, pretty for a terminal (env RUNTIME_LOG_FORMAT; default pretty on a terminal)').choices(['json', 'pretty']));
    addRuntimeOptions(command).action(async (_options: unknown, cmd) => {
      const { io } = context;
      const flags = cmd.optsWithGlobals() as StartFlags;
      const root = projectRoot(io, flags.project);
      const runtimeOptions = resolveRuntimeOptions(io, root, flags);
      const env = io.env;
      const port = Number(flags.port ?? (env.RUNTIME_PORT || undefined) ?? DEFAULT_PORT); // an empty variable counts as unset
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.stderr(`error: --port must be a number from 0 to 65535\n`);
        context.exitCode = EXIT.usage;
        return;
      }
      const retentionDays = Number(flags.retentionDays ?? (env.RUNTIME_RETENTION_DAYS || undefined) ?? DEFAULT_RETENTION_DAYS);
      if (!Number.isInteger(retentionDays) || retentionDays < 0) {
        io.stderr('error: --retention-days must be a whole number of days, 0 or more\n');
        context.exitCode = EXIT.usage;
        return;
      }
      const level = (flags.logLevel ?? (env.RUNTIME_LOG_LEVEL || undefined) ?? 'info') as LogLevel;
      if (!LOG_LEVELS.includes(level)) {
        io.stderr(`error: RUNTIME_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}\n`);
        context.exitCode = EXIT.usage;
        return;
      }
      const format = (flags.logFormat ?? (env.RUNTIME_LOG_FORMAT || undefined) ?? (io.stdoutIsTTY ? 'pretty' : 'json')) as 'json' | 'pretty';
      const logger = createLogger({ level, format });

      // Signals are caught from before startup: a SIGTERM while the server already listens (and registrations
      // or polls are under way) must not kill the process halfway; it stops as soon as startup is done.
      const signals = listenForStop(logger);
      let service: Awaited<ReturnType<typeof startService>>;
      try {
        service = await startService({
          projectRoot: root,
          dataDir: runtimeOptions.dataDir,
          host: flags.host ?? (env.RUNTIME_HOST || undefined) ?? DEFAULT_HOST,
          port,
          publicBaseUrl: flags.publicUrl ?? (env.RUNTIME_PUBLIC_URL || undefined),
          watch: flags.watch === true,
        retentionDays,
          allowPrivateNetwork: runtimeOptions.allowPrivateNetwork,
          logger,
          env,
          reportDiagnostics: (loaded) => io.stderr(renderProblems(loaded, io)),
        });
      } catch (error) {
        signals.dispose();
        throw error;
      }
      if ('failed' in service) {
        signals.dispose();
        io.stderr(renderProblems(service.failed, io));
        io.stderr('runtime not started: fix the definitions above (`runtime validate` checks them)\n');
        context.exitCode = EXIT.problems;
        return;
      }
      await signals.received;
      try {
        await service.stop();
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'shutdown failed');
      }
      context.exitCode = EXIT.ok;
    });
  },
};

/**
 * Resolves on the first SIGINT or SIGTERM. The handlers go after that one, so a second signal during a slow
 * shutdown ends the process at once (the usual "press Ctrl-C again").
 */
function listenForStop(logger: Pick<LogSink, 'info'>): { received: Promise<NodeJS.Signals>; dispose(): void } {
  let dispose = (): void => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      dispose();
      logger.info({ signal }, 'signal received');
      resolve(signal);
    };
    dispose = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { received, dispose: () => dispose() };
}
