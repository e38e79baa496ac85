// `runtime start`: the long-running service. Loads and validates the project, opens the store, serves HTTP
// (webhooks, OAuth callback, health, metrics, manual triggers), reconciles webhook registrations, schedules
// polling monitors and schedule triggers, and runs user flows from stored events. With `watch`, a valid edit
// swaps the model in; an invalid one keeps the old model running.
import fs from 'node:fs';
import path from 'node:path';
import { hasErrors } from '../errors/diagnostic.js';
import type { ProjectModel } from '../model/model.js';
import { loadProject, type LoadedProject } from '../project/load-project.js';
import { openStore } from '../store/open-store.js';
import { createIngressCommitter } from '../store/ingress-committer.js';
import { openRuntime } from './open-runtime.js';
import { startExecutionWorker } from './execution-worker.js';
import { readTriggerToken } from './trigger-token.js';
import { startStatusFile } from './status-file.js';
import { DEFAULT_RETENTION_DAYS, startRetention } from './retention.js';
import { enqueueManualRun } from './manual-runs.js';
import { startHttpServer } from '../server/http-server.js';
import { MetricsRegistry } from '../server/metrics.js';
import { storeAnswers } from '../server/routes/health-route.js';
import { createOAuthCallbackHandler } from '../server/oauth-callback.js';
import { PendingAuthorizations } from '../auth/pending-authorizations.js';
import { createScheduleClock } from '../triggers/schedule-clock.js';
import { createPollingScheduler } from '../triggers/polling-scheduler.js';
import { createRegistrationReconciler } from '../triggers/registration-reconciler.js';
import { defaultPublicBaseUrl } from '../triggers/registration-callback-url.js';
import { createScheduleTriggers } from '../triggers/schedule-triggers.js';
import type { LogSink } from '../log/log-sink.js';

export interface ServiceOptions {
  readonly projectRoot: string;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Where remote services reach this runtime (a proxy or tunnel); default http://host:port. */
  readonly publicBaseUrl?: string;
  readonly watch: boolean;
  readonly allowPrivateNetwork: boolean;
  readonly logger: LogSink;
  /** Prints definition problems (warnings at boot, errors of a rejected --watch reload). */
  readonly reportDiagnostics: (loaded: LoadedProject) => void;
  /** Finished events and execution records older than this many days are deleted (0 keeps everything). */
  readonly retentionDays?: number;
  /** How long shutdown lets running executions finish before they are left for the next start. */
  readonly graceMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningService {
  readonly url: string;
  readonly publicBaseUrl: string;
  /** Re-reads the project; false (old model kept) when it has errors. */
  reload(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService | { failed: LoadedProject }> {
  const { logger } = options;
  const loaded = await loadProject(options.projectRoot);
  if (!loaded.model || hasErrors(loaded.diagnostics)) return { failed: loaded };
  if (loaded.diagnostics.length > 0) options.reportDiagnostics(loaded);

  let model: ProjectModel = loaded.model;
  const store = openStore(options.dataDir);
  const runtime = openRuntime({ model, dataDir: options.dataDir, store, allowPrivateNetwork: options.allowPrivateNetwork });
  let engine = runtime.engine;
  const metrics = new MetricsRegistry();
  const executionsTotal = metrics.counter('runtime_flow_executions_total', 'User-flow executions that ended, by flow and outcome.', ['flow', 'outcome']);
  metrics.gauge('runtime_events', 'Stored events by status.', ['status'], {
    collect: (gauge) => {
      for (const [status, n] of Object.entries(store.events.counts())) gauge.set({ status }, n);
    },
  });

  const worker = startExecutionWorker({
    store,
    engine: () => engine,
    model: () => model,
    logger,
    onFinished: (flow, outcome) => executionsTotal.inc({ flow, outcome }),
  });
  const committer = createIngressCommitter(store);
  const pending = new PendingAuthorizations();
  const triggerToken = readTriggerToken(options.dataDir, options.env ?? process.env);

  const server = await startHttpServer({
    host: options.host,
    port: options.port,
    logger,
    metrics,
    health: storeAnswers(store),
    webhooks: {
      model: () => model,
      registrations: store.registrations,
      connections: store.connections,
      committer: {
        commit: async (events) => {
          const result = await committer.commit(events);
          if (result.inserted.length > 0) worker.notify();
          return result;
        },
      },
    },
    oauthCallback: createOAuthCallbackHandler({
      pending,
      http: runtime.tokenHttp,
      onTokens: async (authorization, tokens) => {
        const connection = store.connections.load(String(authorization.context?.connectionId ?? ''));
        if (!connection || !store.connections.saveTokens(connection.id, tokens, connection.tokenVersion)) {
          throw new Error('the connection changed while it was being authorized; try again');
        }
      },
    }),
    manualTrigger: {
      token: triggerToken,
      onTrigger: async (flow, inputs) => {
        const id = enqueueManualRun(model, store.events, flow, inputs);
        worker.notify();
        return id;
      },
    },
  });
  const publicBaseUrl = (options.publicBaseUrl ?? defaultPublicBaseUrl(options.host, server.port)).replace(/\/+$/, '');

  const clock = createScheduleClock({ logger });
  const polling = createPollingScheduler({
    clock,
    engine,
    store,
    connections: store.connections,
    model,
    logger,
    onEvent: () => worker.notify(),
  });
  const schedules = createScheduleTriggers({
    clock,
    events: store.events,
    onEvent: () => worker.notify(),
    onError: (flow, error) => logger.error({ flow, error: (error as Error).message }, 'could not store a scheduled run'),
  });
  schedules.sync(model);
  const reconciler = createRegistrationReconciler({
    engine,
    store: store.registrations,
    connections: store.connections,
    model,
    publicBaseUrl,
    logger,
  });
  const report = await reconciler.reconcile(model);
  logReconcile(logger, report);
  reconciler.startRenewalTimer();


  let reloading: Promise<boolean> = Promise.resolve(true);
  const reload = (): Promise<boolean> => {
    reloading = reloading.then(async () => {
      const next = await loadProject(options.projectRoot);
      if (!next.model || hasErrors(next.diagnostics)) {
        options.reportDiagnostics(next);
        logger.warn({ problems: next.diagnostics.length }, 'definitions have errors: still running the previous version');
        return false;
      }
      model = next.model;
      engine = runtime.engineFor(model);
      polling.sync(model, engine);
      schedules.sync(model);
      logReconcile(logger, await reconciler.reconcile(model, engine));
      worker.notify();
      logger.info({ connectors: model.connectors.size, flows: model.flows.size }, 'definitions reloaded');
      return true;
    });
    return reloading;
  };

  const status = startStatusFile(options.dataDir, () => ({
    url: server.url,
    publicBaseUrl,
    monitors: polling.status(),
    schedules: [...model.flows.values()]
      .filter((f) => f.enabled && f.trigger.type === 'schedule')
      .map((f) => ({ flow: f.name, nextRun: schedules.nextRun(f.name)?.toISOString() })),
    registrations: reconciler.status(),
    runningExecutions: worker.running(),
  }));

  const retention = startRetention(store, options.retentionDays ?? DEFAULT_RETENTION_DAYS, logger);

  const watchers = options.watch ? watchDefinitions(options.projectRoot, () => void reload(), logger) : [];

  // Logged last: whoever waits for this line (a supervisor, a test) may rely on everything above, --watch included.
  logger.info({
    url: server.url,
    publicBaseUrl,
    dataDir: options.dataDir,
    connectors: model.connectors.size,
    flows: model.flows.size,
    enabled: [...model.flows.values()].filter((f) => f.enabled).map((f) => f.name),
    watch: options.watch,
    retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
    allowPrivateNetwork: options.allowPrivateNetwork,
  }, 'runtime started');

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const w of watchers) w.close();
      status.stop();
      retention.stop();
      logger.info({}, 'stopping: no new requests; finishing running executions');
      await server.close();
      schedules.stop();
      await reconciler.stop();
      await polling.stop();
      clock.stop();
      await worker.stop(options.graceMs ?? 10_000);
      await committer.close();
      await runtime.close();
      store.close();
      logger.info({}, 'stopped');
    })();
    return stopped;
  };

  return { url: server.url, publicBaseUrl, reload, stop };
}

function logReconcile(logger: LogSink, report: Awaited<ReturnType<ReturnType<typeof createRegistrationReconciler>['reconcile']>>): void {
  const { registered, adopted, renewed, deregistered, kept, waiting, failed } = report;
  if (registered.length + adopted.length + renewed.length + deregistered.length + failed.length > 0 || kept.length > 0) {
    logger.info({ registered, adopted, renewed, deregistered, kept, waiting, failed: failed.map((f) => ({ flow: f.flow, code: f.error.code })) }, 'webhook registrations reconciled');
  }
  for (const f of failed) logger.warn({ flow: f.flow, code: f.error.code, message: f.error.message }, 'webhook registration failed; will retry');
}

/** Recursive fs.watch on the definition folders, debounced: editors write a file in several steps. */
function watchDefinitions(root: string, onChange: () => void, logger: LogSink): fs.FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 200);
  };
  const watchers: fs.FSWatcher[] = [];
  for (const folder of ['connectors', 'flows']) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    try {
      const watcher = fs.watch(dir, { recursive: true }, (_event, name) => {
        if (name && /\.ya?ml$/.test(String(name))) changed();
      });
      watcher.on('error', (error) => logger.warn({ folder, error: error.message }, 'watching stopped'));
      watchers.push(watcher);
    } catch (error) {
      logger.warn({ folder, error: (error as Error).message }, 'cannot watch folder');
    }
  }
  return watchers;
}
