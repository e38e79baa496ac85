// Runs the project's polling monitors on shared timers: monitors with the same (schedule, time zone) share one
// clock subscription. On a tick, a monitor whose previous run is still waiting or running is skipped (no
// overlap; counted); the others start, spread over the first part of the interval (a stable offset per monitor,
// so 10,000 monitors do not all start in the same second) and at most `concurrency` at once. A waiting run
// costs no more than its entry's state: one timer per tick walks the entries in phase order, and the limiter
// queues entries, not promises (the per-monitor timers, promises and closures of 10,000 waiting runs were
// most of polling's live heap, copied by every scavenge and multiplied by V8's heap growth factor).
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Engine } from '../engine/engine.js';
import type { ConnectionLookup } from '../engine/run-context.js';
import type { ProjectModel } from '../model/model.js';
import type { EventError, PollingStore } from '../store/event-store.js';
import { createPollCommitter, type PollCommitter } from '../store/poll-committer.js';
import type { Store } from '../store/store.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { ScheduleClock } from './schedule-clock.js';
import { pollingMonitorsOf, type PollingMonitor } from './polling-monitor.js';
import { runPoll, type PollDeps, type PollOutcome } from './polling-run.js';
import { createPollLimiter } from './polling-limiter.js';
import { triggerErrorOf } from './trigger-error.js';
import type { LogSink } from '../log/log-sink.js';

/** Counters for /metrics; every callback is optional. */
export interface PollingMetrics {
  /** A tick found the monitor's previous run still waiting or running. */
  skipped?(flow: string): void;
  succeeded?(flow: string, result: { emitted: number; duplicates: number; records: number; durationMs: number }): void;
  failed?(flow: string, error: EventError): void;
}

export interface PollingSchedulerOptions {
  readonly clock: ScheduleClock;
  readonly engine: Pick<Engine, 'runConnectorBody'>;
  /**
   * The store's polling state and transaction (a `Store` fits). With `transactionWithDeferredSync` and
   * `flushToDisk` too, the results of runs ending in the same event-loop turn are committed together.
   */
  readonly store: PollDeps['store'] & Partial<Pick<Store, 'transactionWithDeferredSync' | 'flushToDisk'>>;
  readonly connections: ConnectionLookup;
  /** Monitors are taken from it at once (as `sync(model)` does). */
  readonly model: ProjectModel;
  readonly logger: LogSink;
  /** Called after a run committed new events, so the worker can pick them up. */
  readonly onEvent?: (flow: string, eventIds: readonly string[]) => void;
  readonly metrics?: PollingMetrics;
  /** Runs at once, all monitors together (default 32). */
  readonly concurrency?: number;
  /** Starts are spread over this fraction of the interval to the next tick (default 0.5; 0 = no spread). */
  readonly spreadFraction?: number;
  /** Upper bound of the spread (default 60 s). */
  readonly maxSpreadMs?: number;
  /** A run taking longer is given up (it commits nothing) and retried on the next tick (default 10 min). */
  readonly runTimeoutMs?: number;
  readonly maxRecordsPerPoll?: number;
  /** Forget cursor and seen keys of monitors whose flow left the project or stopped polling (default true). */
  readonly forgetRemoved?: boolean;
  readonly now?: () => number;
}

export interface MonitorStatus {
  readonly flow: string;
  readonly connector: string;
  readonly card: string;
  readonly schedule: string;
  readonly timezone?: string;
  readonly nextRun?: Date;
  /** A run is going. */
  readonly running: boolean;
  /** A run is due (spread delay, or waiting for a concurrency slot). */
  readonly waiting: boolean;
  readonly lastRunAt?: number;
  readonly lastError?: EventError;
  /** Ticks skipped because the previous run had not finished. */
  readonly skipped: number;
}

export interface PollingScheduler {
  /** Adds, removes and replaces monitors for a reloaded project (`--watch`); `engine` replaces the engine too. */
  sync(model: ProjectModel, engine?: Pick<Engine, 'runConnectorBody'>): void;
  /** Runs one monitor now, unless a run of it is already waiting or running (then undefined). */
  pollNow(flow: string): Promise<PollOutcome | undefined>;
  /** Resolves when no run is waiting or running. */
  whenIdle(): Promise<void>;
  status(): MonitorStatus[];
  /** Stops the timers, drops runs that have not started, and waits for the running ones. */
  stop(): Promise<void>;
}

const DEFAULTS = { concurrency: 32, spreadFraction: 0.5, maxSpreadMs: 60_000, runTimeoutMs: 10 * 60_000 };

interface Entry {
  monitor: PollingMonitor;
  /** spreadPhase of the key, computed once: hashing 10,000 keys on every tick is a cost of its own. */
  readonly phase: number;
  group: string;
  state: 'idle' | 'waiting' | 'running';
  removed: boolean;
  /** Set while the entry waits for its spread offset in this tick's spread; cleared when it is queued or dropped. */
  spread?: Spread;
  lastRunAt?: number;
  lastError?: EventError;
  skipped: number;
  /** pollNow callers waiting for the outcome of the queued run. */
  waiters?: ((outcome: PollOutcome | undefined) => void)[];
}

interface Group {
  readonly schedule: string;
  readonly timezone?: string;
  readonly entries: Set<Entry>;
  /** The entries by spread phase; dropped when membership changes and rebuilt on the next tick. Never mutated. */
  byPhase?: readonly Entry[];
  unsubscribe: () => void;
}

/**
 * The starts of one tick of one group: ONE timer walks the group's entries in phase order and queues each
 * entry marked for this spread once its offset has passed, instead of a timer, promise and closures per monitor.
 */
interface Spread {
  readonly entries: readonly Entry[];
  /** performance.now() at the tick: offsets are real elapsed time, like the timers they replace. */
  readonly startedAt: number;
  readonly windowMs: number;
  next: number;
  timer?: NodeJS.Timeout;
}

export function createPollingScheduler(options: PollingSchedulerOptions): PollingScheduler {
  const { clock, logger } = options;
  const now = options.now ?? Date.now;
  const spreadFraction = options.spreadFraction ?? DEFAULTS.spreadFraction;
  const maxSpreadMs = options.maxSpreadMs ?? DEFAULTS.maxSpreadMs;
  const runTimeoutMs = options.runTimeoutMs ?? DEFAULTS.runTimeoutMs;
  const entries = new Map<string, Entry>();
  const groups = new Map<string, Group>();
  const spreads = new Set<Spread>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;

  const committer = groupCommitterOf(options.store, logger);
  const depsFor = (engine: Pick<Engine, 'runConnectorBody'>): PollDeps => ({
    engine,
    store: options.store,
    connections: options.connections,
    maxRecords: options.maxRecordsPerPoll,
    ...(committer && { commit: committer.commit }),
  });
  // One object for every run; sync with a new engine replaces it (a run keeps the one it started with).
  let deps = depsFor(options.engine);

  /** Entries waiting or running, removed ones included until they settle: whenIdle must not scan 10,000 entries per run. */
  let busy = 0;
  const setState = (entry: Entry, next: Entry['state']): void => {
    if (entry.state === next) return;
    if (entry.state === 'idle') busy += 1;
    else if (next === 'idle') busy -= 1;
    entry.state = next;
  };

  const settleIdle = (): void => {
    if (idleWaiters.length === 0 || busy > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /** The entry's queued run is over (ran, or dropped before it started): idle again, pollNow callers answered. */
  const settle = (entry: Entry, outcome: PollOutcome | undefined): void => {
    setState(entry, 'idle');
    const waiters = entry.waiters;
    if (waiters) {
      entry.waiters = undefined;
      for (const resolve of waiters) resolve(outcome);
    }
    settleIdle();
  };

  /** Starts the run of an entry a slot was given to; the slot is released when the run is over. */
  const execute = (entry: Entry): void => {
    if (entry.removed || stopped) {
      settle(entry, undefined);
      limiter.release();
      return;
    }
    setState(entry, 'running');
    const monitor = entry.monitor;
    const started = now();
    const controller = new AbortController();
    let over = false;
    const finish = (outcome: PollOutcome): void => {
      if (over) return; // the run answered after it was given up, or the other way round
      over = true;
      clearTimeout(timer);
      entry.lastRunAt = started;
      try {
        report(entry, outcome, now() - started);
      } catch (e) {
        logger.error({ flow: monitor.key, err: triggerErrorOf(e) }, 'reporting a poll failed');
      }
      settle(entry, outcome);
      limiter.release();
    };
    const timer = setTimeout(() => {
      const timeout = new RuntimeError('POLL_TIMEOUT', `the poll of ${monitor.key} took longer than ${runTimeoutMs} ms; it commits nothing and runs again on the next tick`, { actor: 'operational' });
      controller.abort(timeout);
      const error = triggerErrorOf(timeout);
      try {
        options.store.polling.recordFailure(monitor.key, error);
      } catch {
        // reported with the outcome below
      }
      finish({ ok: false, error, cause: timeout });
    }, runTimeoutMs);
    timer.unref?.();
    // runPoll turns every failure into an outcome; the rejection handler is for a bug in it.
    runPoll(monitor, deps, controller.signal).then(finish, (e: unknown) => finish({ ok: false, error: triggerErrorOf(e), cause: e }));
  };

  const limiter = createPollLimiter<Entry>(options.concurrency ?? DEFAULTS.concurrency, execute);

  const report = (entry: Entry, outcome: PollOutcome, durationMs: number): void => {
    const flow = entry.monitor.key;
    if (!outcome.ok) {
      entry.lastError = outcome.error;
      options.metrics?.failed?.(flow, outcome.error);
      logger.warn({ flow, code: outcome.error.code, durationMs }, `poll of ${flow} failed: ${outcome.error.message}`);
      return;
    }
    entry.lastError = undefined;
    options.metrics?.succeeded?.(flow, { emitted: outcome.emitted.length, duplicates: outcome.duplicates, records: outcome.records, durationMs });
    logger.debug({ flow, records: outcome.records, emitted: outcome.emitted.length, duplicates: outcome.duplicates, seeded: outcome.seeded, durationMs }, `polled ${flow}`);
    if (outcome.emitted.length > 0 && options.onEvent) {
      try {
        options.onEvent(flow, outcome.emitted);
      } catch (e) {
        logger.error({ flow, err: triggerErrorOf(e) }, 'onEvent failed after a committed poll');
      }
    }
  };

  /** Queues the entries of a spread whose offset has passed; sets its timer for the next one. */
  const advance = (spread: Spread): void => {
    spread.timer = undefined;
    const elapsed = performance.now() - spread.startedAt;
    const list = spread.entries;
    while (spread.next < list.length) {
      const entry = list[spread.next]!;
      if (entry.spread === spread) {
        const offset = offsetOf(entry.phase, spread.windowMs);
        if (offset > elapsed) {
          spread.timer = setTimeout(advance, offset - elapsed, spread);
          spread.timer.unref?.();
          return;
        }
        entry.spread = undefined;
        limiter.push(entry);
      }
      spread.next += 1;
    }
    spreads.delete(spread);
  };

  const onTick = (group: Group, at: Date): void => {
    if (stopped) return;
    const next = clock.nextRun(group.schedule, group.timezone);
    const window = next ? Math.min(maxSpreadMs, Math.max(0, next.getTime() - Math.max(at.getTime(), now())) * spreadFraction) : 0;
    group.byPhase ??= [...group.entries].sort((a, b) => a.phase - b.phase);
    const spread: Spread = { entries: group.byPhase, startedAt: performance.now(), windowMs: window, next: 0 };
    let marked = 0;
    for (const entry of spread.entries) {
      if (entry.state !== 'idle') {
        entry.skipped += 1;
        options.metrics?.skipped?.(entry.monitor.key);
        logger.debug({ flow: entry.monitor.key }, `poll of ${entry.monitor.key} skipped: the previous run has not finished`);
        continue;
      }
      setState(entry, 'waiting');
      entry.spread = spread;
      marked += 1;
    }
    if (marked === 0) return;
    spreads.add(spread);
    advance(spread);
  };

  const groupKeyOf = (m: PollingMonitor): string => `${m.timezone ?? ''}\u0000${m.schedule}`;

  const join = (entry: Entry): void => {
    let group = groups.get(entry.group);
    if (!group) {
      const m = entry.monitor;
      const created: Group = { schedule: m.schedule, ...(m.timezone !== undefined && { timezone: m.timezone }), entries: new Set(), unsubscribe: () => undefined };
      created.unsubscribe = clock.subscribe(m.schedule, m.timezone, (at) => onTick(created, at));
      group = created;
      groups.set(entry.group, group);
    }
    group.entries.add(entry);
    group.byPhase = undefined;
  };

  const leave = (entry: Entry): void => {
    const group = groups.get(entry.group);
    if (!group) return;
    group.entries.delete(entry);
    group.byPhase = undefined;
    if (group.entries.size === 0) {
      groups.delete(entry.group);
      group.unsubscribe();
    }
  };

  /** Drops a run still waiting for its spread offset; one already queued for a slot ends when it gets one. */
  const cancelWaiting = (entry: Entry): void => {
    if (!entry.spread) return;
    entry.spread = undefined;
    settle(entry, undefined);
  };

  const forgetRemoved = (model: ProjectModel): void => {
    let states;
    try {
      states = options.store.polling.list();
    } catch (e) {
      logger.warn({ err: triggerErrorOf(e) }, 'could not list stored polling state');
      return;
    }
    for (const state of states) {
      const flow = model.flows.get(state.monitor);
      const stillPolling = flow?.trigger.type === 'event' && flow.trigger.via === 'polling';
      if (stillPolling || entries.get(state.monitor)?.state === 'running') continue;
      try {
        options.store.polling.remove(state.monitor);
        logger.info({ flow: state.monitor }, `forgot the polling state of ${state.monitor}: the flow no longer polls`);
      } catch (e) {
        logger.warn({ flow: state.monitor, err: triggerErrorOf(e) }, 'could not forget polling state');
      }
    }
  };

  const sync = (model: ProjectModel, newEngine?: Pick<Engine, 'runConnectorBody'>): void => {
    if (stopped) throw new Error('the polling scheduler is stopped');
    if (newEngine) deps = depsFor(newEngine);
    const desired = new Map(pollingMonitorsOf(model).map((m) => [m.key, m]));
    for (const [key, entry] of entries) {
      if (desired.has(key)) continue;
      entry.removed = true;
      cancelWaiting(entry);
      leave(entry);
      entries.delete(key);
    }
    for (const monitor of desired.values()) {
      const group = groupKeyOf(monitor);
      const entry = entries.get(monitor.key);
      if (!entry) {
        const created: Entry = { monitor, phase: spreadPhase(monitor.key), group, state: 'idle', removed: false, skipped: 0 };
        try {
          join(created); // the loader checked the schedule; a bad one must not stop the other monitors
          entries.set(monitor.key, created);
        } catch (e) {
          logger.error({ flow: monitor.key, schedule: monitor.schedule, err: triggerErrorOf(e) }, `cannot schedule the monitor of ${monitor.key}`);
        }
        continue;
      }
      // A run in progress finishes with the definition it started with; the next one uses the new one.
      entry.monitor = monitor;
      if (entry.group !== group) {
        leave(entry);
        entry.group = group;
        try {
          join(entry);
        } catch (e) {
          entry.removed = true;
          entries.delete(monitor.key);
          logger.error({ flow: monitor.key, schedule: monitor.schedule, err: triggerErrorOf(e) }, `cannot schedule the monitor of ${monitor.key}`);
        }
      }
    }
    if (options.forgetRemoved ?? true) forgetRemoved(model);
    logger.info({ monitors: entries.size, timers: groups.size }, `polling ${entries.size} monitor(s) on ${groups.size} schedule(s)`);
    settleIdle();
  };

  sync(options.model);

  return {
    sync,
    pollNow(flow) {
      const entry = entries.get(flow);
      if (!entry || stopped || entry.state !== 'idle') return Promise.resolve(undefined);
      return new Promise<PollOutcome | undefined>((resolve) => {
        (entry.waiters ??= []).push(resolve);
        setState(entry, 'waiting');
        limiter.push(entry);
      });
    },
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    status() {
      const stored = new Map<string, { lastRunAt?: number; lastError?: EventError }>();
      try {
        for (const s of options.store.polling.list()) stored.set(s.monitor, s);
      } catch {
        // status still answers from memory
      }
      return [...entries.values()].map((entry) => {
        const m = entry.monitor;
        const nextRun = clock.nextRun(m.schedule, m.timezone);
        const lastRunAt = entry.lastRunAt ?? stored.get(m.key)?.lastRunAt;
        // Before the first run of this process, the stored state says how the last one went.
        const lastError = entry.lastRunAt !== undefined ? entry.lastError : stored.get(m.key)?.lastError;
        return {
          flow: m.key,
          connector: m.connector.name,
          card: m.card.name,
          schedule: m.schedule,
          ...(m.timezone !== undefined && { timezone: m.timezone }),
          ...(nextRun && { nextRun }),
          running: entry.state === 'running',
          waiting: entry.state === 'waiting',
          ...(lastRunAt !== undefined && { lastRunAt }),
          ...(lastError && { lastError }),
          skipped: entry.skipped,
        };
      });
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        for (const group of groups.values()) group.unsubscribe();
        groups.clear();
        for (const spread of spreads) clearTimeout(spread.timer);
        spreads.clear();
        for (const entry of entries.values()) cancelWaiting(entry);
        for (const entry of limiter.clear()) settle(entry, undefined);
      }
      // Only runs that had started are left; none starts any more.
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
      await committer?.close();
    },
  };
}

function groupCommitterOf(store: PollingSchedulerOptions['store'], logger: LogSink): PollCommitter | undefined {
  const { transactionWithDeferredSync, flushToDisk } = store;
  if (!transactionWithDeferredSync || !flushToDisk) return undefined;
  return createPollCommitter({
    transaction: (fn) => store.transaction(fn),
    transactionWithDeferredSync: <T>(fn: () => T): T => transactionWithDeferredSync.call(store, fn) as T,
    flushToDisk: () => flushToDisk.call(store),
  }, {
    onFlushError: (e) => logger.warn({ err: triggerErrorOf(e) }, 'polling state could not be synced to disk; the next commit retries'),
  });
}

/** A stable offset in [0, windowMs) per monitor, so each monitor keeps its phase from tick to tick. */
export function spreadOffsetMs(key: string, windowMs: number): number {
  return offsetOf(spreadPhase(key), windowMs);
}

/** Where in the spread window a monitor starts, in [0, 1): from a hash of its key. */
export function spreadPhase(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function offsetOf(phase: number, windowMs: number): number {
  return windowMs > 0 ? Math.floor(phase * windowMs) : 0;
}
