// Bounded concurrency for polls: at most `limit` run at once, the rest wait in arrival order, so 10,000
// monitors on one tick never open 10,000 sockets at once. A waiting item is the caller's own object in a queue:
// no promise or closure per waiting run (10,000 of them per tick were most of what polling kept alive).
export interface PollLimiter<T> {
  /** Queues `item`; `start(item)` is called (maybe at once) when a slot is free. */
  push(item: T): void;
  /** A started item finished: its slot goes to the next waiting item. Call exactly once per started item. */
  release(): void;
  readonly active: number;
  readonly waiting: number;
  /** Drops every waiting item (never started) and returns them, oldest first; running ones keep their slots. */
  clear(): T[];
}

/** Compacting the queue once this many started items sit in front of it keeps it from growing while never empty. */
const COMPACT_AFTER = 1024;

export function createPollLimiter<T>(limit: number, start: (item: T) => void): PollLimiter<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let queue: (T | undefined)[] = [];
  let head = 0; // index of the next waiting item: shifting a 10,000-element array per item would be quadratic
  let active = 0;
  let pumping = false;

  const pump = (): void => {
    // `start` may release at once (a run that has nothing to do): the loop picks that up instead of recursing.
    if (pumping) return;
    pumping = true;
    try {
      while (active < limit && head < queue.length) {
        const item = queue[head] as T;
        queue[head] = undefined;
        head += 1;
        active += 1;
        start(item);
      }
    } finally {
      pumping = false;
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head >= COMPACT_AFTER && head * 2 >= queue.length) {
      // Under steady overload the queue never drains: drop the started prefix so it does not grow forever.
      queue = queue.slice(head);
      head = 0;
    }
  };

  return {
    push(item) {
      queue.push(item);
      pump();
    },
    release() {
      if (active === 0) throw new Error('PollLimiter.release() without a started item');
      active -= 1;
      pump();
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length - head;
    },
    clear() {
      const dropped = queue.slice(head) as T[];
      queue = [];
      head = 0;
      return dropped;
    },
  };
}
