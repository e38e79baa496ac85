// Retention: finished events and execution records older than the configured number of days are deleted at
// start and every hour, so a long-running runtime's database does not grow without bound. 0 keeps everything.
import type { Store } from '../store/store.js';
import type { RuntimeLogger } from './runtime-logger.js';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVAL_MS = 60 * 60 * 1000;

export function pruneOnce(store: Pick<Store, 'events' | 'executions'>, retentionDays: number, now = Date.now()): { events: number; executions: number } {
  if (retentionDays <= 0) return { events: 0, executions: 0 };
  const before = now - retentionDays * DAY_MS;
  return { events: store.events.prune(before), executions: store.executions.prune(before) };
}

export function startRetention(store: Pick<Store, 'events' | 'executions'>, retentionDays: number, logger: RuntimeLogger): { stop(): void } {
  if (retentionDays <= 0) return { stop() {} };
  const run = (): void => {
    try {
      const removed = pruneOnce(store, retentionDays);
      if (removed.events + removed.executions > 0) logger.info({ ...removed, retentionDays }, 'removed old events and execution records');
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'retention clean-up failed; will try again in an hour');
    }
  };
  run();
  const timer = setInterval(run, INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
