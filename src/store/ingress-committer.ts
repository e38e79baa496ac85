// Group commit for webhook ingress: the events of every request that arrives in one event-loop turn are written
// in one transaction, so many deliveries share one fsync, and each request's promise settles only after that
// transaction is on disk, so the HTTP layer answers 2xx only for stored events. The fsync runs off the event loop
// (store.flushToDisk), so requests keep being read, and form the next batch, while the disk works.
import { RuntimeError, isRuntimeError } from '../errors/runtime-error.js';
import type { AppendResult, IngressCommitter, NewEvent } from './event-store.js';
import type { Store } from './store.js';
import { createTurnBatcher } from './turn-batcher.js';

export interface IngressCommitterOptions {
  /** Events per transaction; the callers beyond wait for the next one. A single larger commit goes alone. Default 500. */
  readonly maxBatchEvents?: number;
  /** Events one call may commit. Default 1000. */
  readonly maxEventsPerCommit?: number;
}

interface Waiting {
  readonly events: readonly NewEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export function createIngressCommitter(
  store: Pick<Store, 'events' | 'transactionWithDeferredSync' | 'flushToDisk'>,
  options: IngressCommitterOptions = {},
): IngressCommitter {
  const maxBatchEvents = Math.max(1, options.maxBatchEvents ?? 500);
  const maxEventsPerCommit = Math.max(1, options.maxEventsPerCommit ?? 1000);
  let closed = false;
  const flushing = new Set<Promise<void>>();
  // Whole requests per batch, up to maxBatchEvents events (a single larger commit goes alone).
  const batcher = createTurnBatcher<Waiting>(runBatch, (queue) => {
    let count = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || count + queue[n]!.events.length <= maxBatchEvents)) {
      count += queue[n]!.events.length;
      n++;
    }
    return n;
  });

  function runBatch(batch: Waiting[]): void {
    const outcomes: ({ ok: AppendResult } | { invalid: RuntimeError })[] = [];
    try {
      store.transactionWithDeferredSync(() => {
        for (const waiting of batch) {
          try {
            outcomes.push({ ok: store.events.append(waiting.events) });
          } catch (e) {
            // append checks every event before writing any, so a malformed caller leaves nothing behind.
            if (isRuntimeError(e) && e.code === 'STORE_INVALID_VALUE') outcomes.push({ invalid: e });
            else throw e;
          }
        }
      });
    } catch (e) {
      for (const waiting of batch) waiting.reject(unavailable(e));
      return;
    }
    const answer = (): void => batch.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) waiting.resolve(outcome.ok);
      else waiting.reject(outcome.invalid);
    });
    const flushed = store.flushToDisk().then(answer, (e: unknown) => {
      for (const waiting of batch) waiting.reject(unavailable(e));
    });
    flushing.add(flushed);
    void flushed.finally(() => flushing.delete(flushed));
  }

  return {
    commit(events: readonly NewEvent[]): Promise<AppendResult> {
      if (closed) return Promise.reject(unavailable(undefined, 'the event store is shutting down'));
      if (!Array.isArray(events)) {
        return Promise.reject(new RuntimeError('STORE_INVALID_VALUE', 'commit takes a list of events', { actor: 'bug' }));
      }
      if (events.length > maxEventsPerCommit) {
        return Promise.reject(new RuntimeError('STORE_INVALID_VALUE', `at most ${maxEventsPerCommit} events can be committed at once`, { actor: 'bug' }));
      }
      if (events.length === 0) return Promise.resolve({ inserted: [], duplicates: 0 });
      return new Promise<AppendResult>((resolve, reject) => batcher.push({ events, resolve, reject }));
    },

    close(): Promise<void> {
      closed = true;
      batcher.drain();
      return Promise.all([...flushing]).then(noop);
    },
  };
}

function noop(): void {}

function unavailable(cause: unknown, reason?: string): RuntimeError {
  // SQLite's messages name the failure (I/O, disk full, constraint), never the values written.
  const detail = reason ?? `the database could not commit: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new RuntimeError('STORE_UNAVAILABLE', `events were not stored: ${detail}`, { actor: 'operational', retryable: true, cause });
}
