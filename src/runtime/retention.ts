// Retention: finished events and execution records older than the configured number of days are deleted at
// start and every hour, then the stored files of that age that no remaining event or record names, so a
// long-running runtime's database and files/ folder do not grow without bound. 0 keeps everything.
import type { Store } from '../store/store.js';
import type { LogSink } from '../log/log-sink.js';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVAL_MS = 60 * 60 * 1000;

export interface Pruned {
  readonly events: number;
  readonly executions: number;
  readonly files: number;
}

export function pruneOnce(store: Pick<Store, 'events' | 'executions' | 'files'>, retentionDays: number, now = Date.now()): Pruned {
  if (retentionDays <= 0) return { events: 0, executions: 0, files: 0 };
  const before = now - retentionDays * DAY_MS;
  const events = store.events.prune(before);
  const executions = store.executions.prune(before);
  return { events, executions, files: store.files.pruneUnreferenced(before) };
}

export function startRetention(store: Pick<Store, 'events' | 'executions' | 'files'>, retentionDays: number, logger: LogSink): { stop(): void } {
  if (retentionDays <= 0) return { stop() {} };
  const run = (): void => {
    try {
      const removed = pruneOnce(store, retentionDays);
      if (removed.events + removed.executions + removed.files > 0) logger.info({ ...removed, retentionDays }, 'removed old events, execution records and files');
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'retention clean-up failed; will try again in an hour');
    }
  };
  run();
  const timer = setInterval(run, INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
