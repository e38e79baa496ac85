// One run of one polling monitor: read the stored cursor, run the monitor's body with it, key the records, and
// commit records and the new cursor in one transaction. A failing run keeps the old cursor and is retried on
// the next tick.
//
// The first run (no committed state yet) only seeds: it remembers the records' keys and the cursor and emits
// nothing, unless the flow's trigger says otherwise:
// - `initial: {last: N}` emits the last N records the first run returned (records are taken in the order the
//   monitor returns them, oldest first, which is also the order their events are emitted in); the older ones
//   are remembered as seen, in the same transaction.
// - `initial: {since: <datetime>}` cannot filter records by date generically: it is passed to the monitor as the
//   first run's `cursor` (instead of null), and every record that run returns is emitted.
import type { Engine } from '../engine/engine.js';
import type { ConnectionLookup } from '../engine/run-context.js';
import type { EventError, PolledRecord, PollingStore } from '../store/event-store.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { PollingMonitor } from './polling-monitor.js';
import { readPollResult } from './polling-result.js';
import { cardArgsFor } from './trigger-card-args.js';
import { triggerErrorOf } from './trigger-error.js';

/** Most records one run may return: a monitor returning more must page with its cursor. */
export const DEFAULT_MAX_RECORDS_PER_POLL = 10_000;

export interface PollDeps {
  readonly engine: Pick<Engine, 'runConnectorBody'>;
  /** The store's polling state, and its transaction (the seeding of `initial: {last}` writes twice in one). */
  readonly store: { readonly polling: PollingStore; transaction<T>(fn: () => T): T };
  readonly connections: ConnectionLookup;
  readonly maxRecords?: number;
  /**
   * Group commit (store/poll-committer.ts): runs the synchronous commit with those of other monitors in one
   * transaction. Absent: each run commits in its own transaction.
   */
  readonly commit?: <T>(work: () => T) => Promise<T>;
}

export type PollOutcome =
  | {
      readonly ok: true;
      /** This was the first run: it seeded the monitor. */
      readonly seeded: boolean;
      /** Ids of the events written. */
      readonly emitted: string[];
      /** Records dropped because their key was seen. */
      readonly duplicates: number;
      /** Records the monitor returned. */
      readonly records: number;
    }
  | { readonly ok: false; readonly error: EventError; readonly cause: unknown };

export async function runPoll(monitor: PollingMonitor, deps: PollDeps, signal?: AbortSignal): Promise<PollOutcome> {
  try {
    const state = deps.store.polling.getCursor(monitor.key);
    const first = !state?.seeded;
    const cursor = (state?.seeded ? state.cursor : monitor.initial?.since) ?? null;
    const args = cardArgsFor(monitor, deps.connections);
    const value = await deps.engine.runConnectorBody(monitor.connector, monitor.polling, { ...args, extra: { cursor } }, signal ? { signal } : {});
    const batch = await readPollResult(value, cursor, {
      dedupeKey: monitor.polling.dedupeKey,
      origin: monitor.polling.origin,
      label: `${monitor.connector.name}.${monitor.card.name}`,
      maxRecords: deps.maxRecords ?? DEFAULT_MAX_RECORDS_PER_POLL,
    });
    const write = (): { emitted: string[]; duplicates: number } => {
      // A run given up on (timeout, shutdown) must not commit late, after a newer run may have started.
      if (signal?.aborted) throw abortError(signal);
      return commit(monitor, deps, batch.records, batch.cursor, first);
    };
    const committed = deps.commit ? await deps.commit(write) : write();
    return { ok: true, seeded: first, emitted: committed.emitted, duplicates: committed.duplicates, records: batch.records.length };
  } catch (e) {
    const error = triggerErrorOf(e);
    try {
      deps.store.polling.recordFailure(monitor.key, error);
    } catch {
      // The store is failing too: the outcome still carries the run's error; the next tick tries again.
    }
    return { ok: false, error, cause: e };
  }
}

function commit(monitor: PollingMonitor, deps: PollDeps, records: PolledRecord[], cursor: unknown, first: boolean): { emitted: string[]; duplicates: number } {
  const polling = deps.store.polling;
  const base = { monitor: monitor.key, flow: monitor.flow.name, cursor, dedupeWindow: monitor.polling.dedupeWindow };
  if (!first || monitor.initial?.since !== undefined) return polling.commitPollResult({ ...base, records, emit: true });
  const last = monitor.initial?.last ?? 0;
  if (last <= 0) return polling.commitPollResult({ ...base, records, emit: false });
  const split = Math.max(0, records.length - last);
  return deps.store.transaction(() => {
    const older = polling.commitPollResult({ ...base, records: records.slice(0, split), emit: false });
    const newest = polling.commitPollResult({ ...base, records: records.slice(split), emit: true });
    return { emitted: newest.emitted, duplicates: older.duplicates + newest.duplicates };
  });
}

function abortError(signal: AbortSignal): RuntimeError {
  const reason: unknown = signal.reason;
  if (reason instanceof RuntimeError) return reason;
  return new RuntimeError('RUN_ABORTED', 'the poll was stopped before it committed', { actor: 'operational' });
}
