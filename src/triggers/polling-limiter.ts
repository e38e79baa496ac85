// Bounded concurrency for polls: at most `limit` run at once, the rest wait in arrival order, so 10,000
// monitors on one tick never open 10,000 sockets at once.
export interface PollLimiter {
  /** Runs `task` when a slot is free. Resolves with false (and never runs it) when cleared before its turn. */
  run(task: () => Promise<void>): Promise<boolean>;
  readonly active: number;
  readonly waiting: number;
  /** Drops every waiting task (they resolve false); running ones finish. */
  clear(): void;
}

export function createPollLimiter(limit: number): PollLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const queue: { task: () => Promise<void>; done: (ran: boolean) => void }[] = [];
  let head = 0; // index of the next waiting task: shifting a 10,000-element array per task would be quadratic
  let active = 0;

  const next = (): void => {
    while (active < limit && head < queue.length) {
      const item = queue[head];
      queue[head] = undefined as never;
      head += 1;
      active += 1;
      void item.task().catch(() => undefined).finally(() => {
        active -= 1;
        item.done(true);
        next();
      });
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    }
  };

  return {
    run(task) {
      return new Promise<boolean>((done) => {
        queue.push({ task, done });
        next();
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length - head;
    },
    clear() {
      const dropped = queue.slice(head);
      queue.length = 0;
      head = 0;
      for (const item of dropped) item.done(false);
    },
  };
}
