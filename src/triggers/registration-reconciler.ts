// Keeps the remote webhook registrations in line with the project: what is desired (every enabled flow with a
// webhook event trigger) against what is stored (RegistrationStore). For each flow:
// - new, or changed (connector, card, connection or options): deregister the old hook first, then register;
// - gone (flow removed, disabled, or no longer a webhook trigger): deregister, then forget the row;
// - unchanged and active: kept (a restart never creates a second remote hook), unless it is within its renewal
//   margin or the public base URL changed (a new proxy or tunnel address): then renewed by deregister (with the
//   URL it was registered with) + register (the callback token stays the same);
// - failed: tried again once its `nextAttemptAt` is due, with exponential backoff.
// A row that may still have a live remote hook (it was registered once) is always deregistered before the next
// register, so a retry after a half-finished renewal does not leave a duplicate. A deregister answered 404 or 410
// counts as done (the hook is already gone, e.g. it lapsed).
//
// The store marks a register attempt before it starts. When a marked attempt never recorded its output (the
// process was killed, or the answer was lost after the service acted), the service may hold a hook the runtime
// does not know: the event's `find` flow looks it up by callback URL and the runtime adopts it instead of
// registering a second one. Without `find`, it registers again and says so in the log.
//
// `deregister` sees `webhook: {url, registration}`, `connection`, and the `options` the hook was registered with
// (stored with it; rows stored before that see them only while the flow still has the same options).
import type { Engine } from '../engine/engine.js';
import type { ConnectionLookup } from '../engine/run-context.js';
import type { Connector, EventCard, ProjectModel, WebhookDef } from '../model/model.js';
import type { EventError, Registration, RegistrationStore } from '../store/event-store.js';
import { RuntimeError, isRuntimeError } from '../errors/runtime-error.js';
import { desiredRegistrationsOf, optionsHash, sameIdentity, type WebhookSubscription } from './registration-desired.js';
import { backoffMs, DEFAULT_BACKOFF, renewalDue, retryDue, type BackoffPolicy } from './registration-timing.js';
import { callbackUrl } from './registration-callback-url.js';
import { canonicalJson } from './canonical-json.js';
import { cardArgsFor, type CardArgs } from './trigger-card-args.js';
import { triggerErrorOf } from './trigger-error.js';
import type { LogSink } from '../log/log-sink.js';

export interface RegistrationReconcilerOptions {
  readonly engine: Pick<Engine, 'runConnectorBody'>;
  readonly store: RegistrationStore;
  readonly connections: ConnectionLookup;
  readonly model: ProjectModel;
  /** Where remote services reach the runtime, e.g. `https://hooks.example.com` (see defaultPublicBaseUrl). */
  readonly publicBaseUrl: string;
  readonly logger: LogSink;
  readonly backoff?: Partial<BackoffPolicy>;
  /** How often the renewal timer looks for due retries and renewals (default 30 s). */
  readonly checkIntervalMs?: number;
  /** Flows handled at once in one reconcile (default 8). */
  readonly concurrency?: number;
  readonly now?: () => number;
}

export interface ReconcileReport {
  readonly registered: string[];
  /** An interrupted registration's hook found at the service (the `find` flow) and kept. */
  readonly adopted: string[];
  readonly renewed: string[];
  readonly deregistered: string[];
  readonly kept: string[];
  /** Failed earlier and not due for another attempt yet. */
  readonly waiting: string[];
  readonly failed: { readonly flow: string; readonly error: EventError }[];
}

export interface RegistrationView {
  readonly flow: string;
  readonly connector: string;
  readonly card: string;
  readonly connection: string;
  readonly status: Registration['status'];
  readonly callbackUrl: string;
  readonly attempts: number;
  readonly nextAttemptAt?: number;
  readonly lastError?: EventError;
  readonly registeredAt?: number;
  readonly expiresAt?: number;
}

export interface RegistrationReconciler {
  /** Converges on `model` (default: the last one given); later calls wait for earlier ones. */
  reconcile(model?: ProjectModel, engine?: Pick<Engine, 'runConnectorBody'>): Promise<ReconcileReport>;
  /** `runtime deregister`: deregisters and forgets the given flows' registrations (default all), due or not. */
  deregisterAll(flows?: readonly string[]): Promise<ReconcileReport>;
  /** Reconciles every `checkIntervalMs` (due retries and renewals). */
  startRenewalTimer(): void;
  /** Stops the timer and waits for a reconcile in progress. */
  stop(): Promise<void>;
  status(): RegistrationView[];
  callbackUrl(callbackToken: string): string;
}

type Action = 'registered' | 'adopted' | 'renewed' | 'deregistered' | 'kept' | 'waiting';

export function createRegistrationReconciler(options: RegistrationReconcilerOptions): RegistrationReconciler {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let model = options.model;
  let engine = options.engine;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const urlOf = (token: string): string => callbackUrl(options.publicBaseUrl, token);

  /** Serializes reconciles: the timer and a --watch reload never act on one flow at once. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const eventOf = (connectorName: string, cardName: string): { connector: Connector; card: EventCard; webhook: WebhookDef } | undefined => {
    const connector = model.connectors.get(connectorName);
    const card = connector?.events[cardName];
    return connector && card?.webhook ? { connector, card, webhook: card.webhook } : undefined;
  };

  /** Runs the deregister body for a stored row that may have a live remote hook. */
  const deregisterRemote = async (r: Registration): Promise<void> => {
    if (!mayHaveRemoteHook(r)) return; // never registered: nothing remote
    const event = eventOf(r.connector, r.card);
    if (!event) {
      logger.warn({ flow: r.flow, connector: r.connector, card: r.card }, `cannot deregister the webhook of ${r.flow}: ${r.connector}.${r.card} is no longer defined; the remote hook may remain`);
      return;
    }
    if (!event.webhook.deregister) return; // the service lets hooks lapse by themselves
    const connection = options.connections.get(r.connector, r.connection);
    if (!connection && event.connector.auth.type !== 'none') {
      throw new RuntimeError('CONNECTION_NOT_FOUND', `no connection '${r.connection}' for connector ${r.connector}`, { actor: 'user' });
    }
    const registeredWith = registeredOptionsOf(r);
    let args: CardArgs = { ...(connection && { connection }), options: { ...registeredWith } };
    try {
      args = cardArgsFor({ connector: event.connector, card: event.card, connection: r.connection, options: registeredWith, origin: event.webhook.origin }, options.connections);
    } catch {
      // The card's options changed since (one removed or retyped): deregister with them as they were stored.
    }
    const url = r.callbackUrl ?? urlOf(r.callbackToken);
    const deregister = async (registration: unknown): Promise<void> => {
      try {
        await engine.runConnectorBody(event.connector, event.webhook.deregister!, { ...args, extra: { webhook: { url, registration } } });
      } catch (e) {
        if (isRuntimeError(e) && (e.status === 404 || e.status === 410)) {
          logger.info({ flow: r.flow, status: e.status }, `the webhook of ${r.flow} was already gone`);
          return;
        }
        throw e;
      }
    };
    if (r.registeredAt !== undefined) await deregister(r.output ?? null);
    if (r.registerStartedAt === undefined) return;
    // An interrupted register may have made a hook nobody recorded: find it and take it down too.
    if (!event.webhook.find) {
      logger.warn({ flow: r.flow }, `an interrupted registration of ${r.flow} may have left a hook at the service: ${r.connector}.${r.card} has no find flow to look for it`);
      return;
    }
    const found = await engine.runConnectorBody(event.connector, event.webhook.find, { ...args, extra: { webhook: { url: urlOf(r.callbackToken), secret: r.secret } } });
    if (isFound(found) && !(r.registeredAt !== undefined && canonicalJson(found) === canonicalJson(r.output ?? null))) await deregister(found);
  };

  /** The options the stored hook was registered with ({} when unknown: stored before they were kept, and edited since). */
  const registeredOptionsOf = (r: Registration): Readonly<Record<string, unknown>> => {
    if (r.options !== undefined) return r.options;
    const flow = model.flows.get(r.flow);
    const trigger = flow?.trigger.type === 'event' ? flow.trigger : undefined;
    return trigger !== undefined && optionsHash(trigger.options) === r.optionsHash ? trigger.options : {};
  };

  /**
   * Registers an upserted row and records its output (encrypted by the store). After an interrupted attempt, the
   * event's `find` flow is asked first: a hook it finds at this callback URL is adopted, not registered again.
   */
  const registerRemote = async (r: Registration, sub: WebhookSubscription): Promise<'registered' | 'adopted'> => {
    const args = cardArgsFor(sub, options.connections);
    const url = urlOf(r.callbackToken);
    const webhook = { url, secret: r.secret };
    if (r.registerStartedAt !== undefined) {
      const event = `${sub.connector.name}.${sub.card.name}`;
      if (sub.webhook.find) {
        const found = await engine.runConnectorBody(sub.connector, sub.webhook.find, { ...args, extra: { webhook } });
        if (isFound(found)) {
          await recordRegistration(r, sub, found, url);
          logger.info({ flow: r.flow }, `adopted the webhook of ${r.flow}: ${event}'s find flow found the hook an interrupted registration created`);
          return 'adopted';
        }
      } else {
        logger.warn({ flow: r.flow }, `an earlier registration of ${r.flow} was interrupted and ${event} has no find flow: if the service created that hook, it now has two for ${r.flow}`);
      }
    }
    store.markRegistering(r.flow);
    const output = await engine.runConnectorBody(sub.connector, sub.webhook.register, { ...args, extra: { webhook } });
    await recordRegistration(r, sub, output, url);
    return 'registered';
  };

  const recordRegistration = async (r: Registration, sub: WebhookSubscription, output: unknown, url: string): Promise<void> => {
    const expiresAt = sub.webhook.lifetimeMs !== undefined ? now() + sub.webhook.lifetimeMs : undefined;
    try {
      store.markActive(r.flow, output ?? null, expiresAt, url);
    } catch (e) {
      // The remote hook exists but could not be recorded (e.g. its output is too large): take it down again
      // rather than leave a hook nobody can deregister.
      const unrecorded: Registration = { ...r, output: output ?? null, registeredAt: now(), callbackUrl: url };
      await deregisterRemote(unrecorded).catch((inner: unknown) => {
        logger.error({ flow: r.flow, code: triggerErrorOf(inner).code }, `could not take down the unrecorded webhook of ${r.flow}`);
      });
      throw e;
    }
  };

  const fail = (r: Registration, e: unknown, failed: ReconcileReport['failed']): void => {
    const error = triggerErrorOf(e, 'REGISTRATION_FAILED');
    const retryAt = now() + backoffMs(r.attempts, backoff);
    try {
      store.markFailed(r.flow, error, retryAt);
    } catch (storeError) {
      logger.error({ flow: r.flow, code: triggerErrorOf(storeError).code }, `could not record the failed registration of ${r.flow}`);
    }
    failed.push({ flow: r.flow, error });
    logger.warn({ flow: r.flow, code: error.code, attempts: r.attempts + 1, retryAt }, `webhook registration of ${r.flow} failed: ${error.message}`);
  };

  /** A stored row nobody wants any more: deregister and forget it. */
  const retire = async (r: Registration, force: boolean, failed: ReconcileReport['failed']): Promise<Action | undefined> => {
    if (!force && r.status === 'failed' && !retryDue(r, now())) return 'waiting';
    try {
      if (mayHaveRemoteHook(r)) store.markDeregistering(r.flow);
      await deregisterRemote(r);
      store.remove(r.flow);
      logger.info({ flow: r.flow }, `deregistered the webhook of ${r.flow}`);
      return 'deregistered';
    } catch (e) {
      fail(r, e, failed);
      return undefined;
    }
  };

  /** A desired registration: bring the stored row and the remote hook to it. */
  const converge = async (sub: WebhookSubscription, failed: ReconcileReport['failed']): Promise<Action | undefined> => {
    const flow = sub.desired.flow;
    const current = store.get(flow);
    if (current && !sameIdentity(current, sub.desired) && mayHaveRemoteHook(current)) {
      // The old hook goes first: upserting the new identity forgets its output.
      if (current.status === 'failed' && !retryDue(current, now())) return 'waiting';
      try {
        store.markDeregistering(flow);
        await deregisterRemote(current);
      } catch (e) {
        fail(current, e, failed);
        return undefined;
      }
    }
    const r = store.upsertDesired(sub.desired);
    const at = now();
    let action: Action;
    if (r.status === 'active') {
      // Rows stored before the URL was recorded have none: they are taken as unchanged.
      const moved = r.callbackUrl !== undefined && r.callbackUrl !== urlOf(r.callbackToken);
      if (!moved && !renewalDue(r, at, sub.webhook.lifetimeMs)) return 'kept';
      action = 'renewed';
    } else if (r.status === 'failed' && !retryDue(r, at)) {
      return 'waiting';
    } else {
      action = 'registered';
    }
    try {
      if (r.registeredAt !== undefined) {
        store.markDeregistering(flow);
        await deregisterRemote(r);
      }
      const outcome = await registerRemote(r, sub);
      if (outcome === 'adopted') return 'adopted';
      logger.info({ flow, action }, `${action === 'renewed' ? 'renewed' : 'registered'} the webhook of ${flow}`);
      return action;
    } catch (e) {
      fail(r, e, failed);
      return undefined;
    }
  };

  const emptyReport = (): ReconcileReport => ({ registered: [], adopted: [], renewed: [], deregistered: [], kept: [], waiting: [], failed: [] });

  const runAll = async (jobs: { flow: string; run: () => Promise<Action | undefined> }[], report: ReconcileReport): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++];
        let action: Action | undefined;
        try {
          action = await job.run();
        } catch (e) {
          // Store failures outside the per-flow handling: report and go on with the other flows.
          report.failed.push({ flow: job.flow, error: triggerErrorOf(e) });
          logger.error({ flow: job.flow, code: triggerErrorOf(e).code }, `reconciling the webhook of ${job.flow} failed`);
        }
        if (action) report[action].push(job.flow);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    for (const list of Object.values(report)) (list as unknown[]).sort((a, b) => flowOf(a).localeCompare(flowOf(b)));
  };

  const reconcileNow = async (): Promise<ReconcileReport> => {
    const report = emptyReport();
    const desired = new Map(desiredRegistrationsOf(model).map((s) => [s.desired.flow, s]));
    const jobs: { flow: string; run: () => Promise<Action | undefined> }[] = [];
    for (const r of store.list()) {
      if (!desired.has(r.flow)) jobs.push({ flow: r.flow, run: () => retire(r, false, report.failed) });
    }
    for (const sub of desired.values()) jobs.push({ flow: sub.desired.flow, run: () => converge(sub, report.failed) });
    await runAll(jobs, report);
    return report;
  };

  return {
    reconcile(newModel, newEngine) {
      if (newModel) model = newModel;
      if (newEngine) engine = newEngine;
      return exclusive(reconcileNow);
    },
    deregisterAll(flows) {
      return exclusive(async () => {
        const report = emptyReport();
        const wanted = flows ? new Set(flows) : undefined;
        const jobs = store.list()
          .filter((r) => !wanted || wanted.has(r.flow))
          .map((r) => ({ flow: r.flow, run: () => retire(r, true, report.failed) }));
        await runAll(jobs, report);
        return report;
      });
    },
    startRenewalTimer() {
      if (timer || stopped) return;
      timer = setInterval(() => {
        if (stopped) return;
        void exclusive(reconcileNow).then((report) => {
          if (report.registered.length + report.adopted.length + report.renewed.length + report.deregistered.length + report.failed.length > 0) {
            logger.info({ registered: report.registered.length, adopted: report.adopted.length, renewed: report.renewed.length, deregistered: report.deregistered.length, failed: report.failed.length }, 'webhook registrations reconciled');
          }
        }, (e: unknown) => {
          logger.error({ code: triggerErrorOf(e).code }, `reconciling webhook registrations failed: ${triggerErrorOf(e).message}`);
        });
      }, options.checkIntervalMs ?? 30_000);
      timer.unref?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await queue;
    },
    status() {
      return store.list().map((r) => ({
        flow: r.flow,
        connector: r.connector,
        card: r.card,
        connection: r.connection,
        status: r.status,
        callbackUrl: urlOf(r.callbackToken),
        attempts: r.attempts,
        ...(r.nextAttemptAt !== undefined && { nextAttemptAt: r.nextAttemptAt }),
        ...(r.lastError && { lastError: r.lastError }),
        ...(r.registeredAt !== undefined && { registeredAt: r.registeredAt }),
        ...(r.expiresAt !== undefined && { expiresAt: r.expiresAt }),
      }));
    },
    callbackUrl: urlOf,
  };
}

function flowOf(item: unknown): string {
  return typeof item === 'string' ? item : (item as { flow: string }).flow;
}

/** What a find flow returns when it found nothing: null, false, an empty list (a JSONata filter with no match). */
function isFound(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/** Registered once, or a register attempt started that never recorded its output. */
function mayHaveRemoteHook(r: Registration): boolean {
  return r.registeredAt !== undefined || r.registerStartedAt !== undefined;
}
