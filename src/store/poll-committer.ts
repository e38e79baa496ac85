// Group commit for polling monitors: the poll results committed during one event-loop turn share one transaction,
// so 10,000 monitors on a 1-second schedule cost a few commits a second instead of 10,000 fsyncs blocking the
// event loop (about 2.6 ms each). The commit is not synced before its caller goes on; the fsync follows off the
// event loop (store.flushToDisk). That loses nothing: a poll result is an acknowledgement to nobody, a crash
// before the fsync drops the whole transaction (cursor and events together), so the records are polled again and
// emitted once; and an emitted event is only executed after a claim, which commits with synchronous FULL and so
// puts every earlier commit on disk first.
import type { Store } from './store.js';
import { createTurnBatcher } from './turn-batcher.js';

export interface PollCommitterOptions {
  /** Commits per transaction; the rest wait for the next turn. Default 1000. */
  readonly maxBatch?: number;
  /** A background fsync failed (the database keeps the commits; the next fsync or checkpoint retries). */
  readonly onFlushError?: (error: unknown) => void;
}

export interface PollCommitter {
  /**
   * Runs `work` (synchronous store writes, e.g. `store.polling.commitPollResult`) inside a transaction shared with
   * the other commits of this turn, and resolves with its result once that transaction committed. `work` must
   * leave nothing behind when it throws (commitPollResult runs in its own savepoint): its error goes to its caller
   * only. A failed transaction rejects every caller of the batch.
   */
  commit<T>(work: () => T): Promise<T>;
  /** Runs what is queued and waits for its fsync; later commits run alone, synced as usual. */
  close(): Promise<void>;
}

interface Waiting {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export function createPollCommitter(
  store: Pick<Store, 'transaction' | 'transactionWithDeferredSync' | 'flushToDisk'>,
  options: PollCommitterOptions = {},
): PollCommitter {
  const maxBatch = Math.max(1, options.maxBatch ?? 1000);
  const onFlushError = options.onFlushError ?? ((e: unknown) => {
    process.emitWarning(`polling state could not be synced to disk: ${(e as Error)?.message ?? String(e)}`, { code: 'STORE_WRITE_FAILED' });
  });
  let closed = false;
  let lastFlush: Promise<void> = Promise.resolve();
  const batcher = createTurnBatcher<Waiting>(runBatch, () => maxBatch);

  function runBatch(batch: Waiting[]): void {
    const outcomes: ({ ok: unknown } | { error: unknown })[] = [];
    try {
      store.transactionWithDeferredSync(() => {
        for (const waiting of batch) {
          try {
            outcomes.push({ ok: waiting.work() });
          } catch (error) {
            outcomes.push({ error });
          }
        }
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    lastFlush = store.flushToDisk().catch(onFlushError);
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) waiting.resolve(outcome.ok);
      else waiting.reject(outcome.error);
    });
  }

  return {
    commit<T>(work: () => T): Promise<T> {
      if (closed) {
        try {
          return Promise.resolve(store.transaction(work));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return new Promise<T>((resolve, reject) => batcher.push({ work, resolve: resolve as (value: unknown) => void, reject }));
    },

    async close(): Promise<void> {
      closed = true;
      batcher.drain();
      await lastFlush;
    },
  };
}
