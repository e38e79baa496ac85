// The queue behind group commit: what callers add during one event-loop turn is handed to `runBatch` together on
// the next turn (setImmediate), at most `takeCount(queue)` items at a time; the rest waits one more turn, so work
// arriving meanwhile joins the following batch. The committers decide what a batch does and when callers settle.
export interface TurnBatcher<W> {
  push(item: W): void;
  /** Runs everything queued now, in batches, and stops the pending turn (for close). */
  drain(): void;
}

export function createTurnBatcher<W>(runBatch: (batch: W[]) => void, takeCount: (queue: readonly W[]) => number): TurnBatcher<W> {
  let queue: W[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const runNext = (): void => {
    const n = Math.max(1, takeCount(queue));
    const batch = queue.length <= n ? queue : queue.slice(0, n);
    queue = queue.length <= n ? [] : queue.slice(n);
    if (batch.length > 0) runBatch(batch);
  };
  const schedule = (): void => {
    if (!scheduled && queue.length > 0) scheduled = setImmediate(onTurn);
  };
  const onTurn = (): void => {
    scheduled = undefined;
    runNext();
    schedule();
  };

  return {
    push(item) {
      queue.push(item);
      schedule();
    },
    drain() {
      if (scheduled) {
        clearImmediate(scheduled);
        scheduled = undefined;
      }
      while (queue.length > 0) runNext();
    },
  };
}
