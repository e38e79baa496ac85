// At most `requests` per `perMs` per key (a connection): a sliding window of send times. Excess calls WAIT in a
// FIFO queue served by one timer per key; they fail only when the queue (all keys together) is full.
import { RuntimeError } from '../errors/runtime-error.js';
import type { RateBudget } from '../model/model.js';
import type { HttpMiddleware } from './pipeline.js';
import { abortedError } from './abortable-delay.js';

/** Time source and timers; tests pass a manual one. */
export interface RateClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const SYSTEM_CLOCK: RateClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Waiter {
  readonly enqueuedAt: number;
  readonly resolve: (waitedMs: number) => void;
  readonly reject: (error: unknown) => void;
  readonly detach: () => void;
}

interface Window {
  budget: RateBudget;
  /** Send times inside the window, oldest first. */
  readonly starts: number[];
  readonly queue: Waiter[];
  timer?: unknown;
}

export class RateBudgets {
  private readonly windows = new Map<string, Window>();
  private readonly clock: RateClock;
  private readonly maxWaiters: number;
  private waiters = 0;

  constructor(options: { maxWaiters?: number; clock?: RateClock } = {}) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.maxWaiters = options.maxWaiters ?? 10_000;
  }

  /** Calls waiting, over all keys. */
  get waiting(): number {
    return this.waiters;
  }

  /** Resolves (with the ms waited) when a request for `key` may go out under `budget`. */
  acquire(key: string, budget: RateBudget, signal?: AbortSignal): Promise<number> {
    if (!(budget.requests >= 1 && budget.perMs > 0)) return Promise.resolve(0);
    if (signal?.aborted) return Promise.reject(abortedError());
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window) {
      window = { budget, starts: [], queue: [] };
      this.windows.set(key, window);
    }
    window.budget = budget;
    prune(window, now);
    if (window.queue.length === 0 && window.starts.length < budget.requests) {
      window.starts.push(now);
      return Promise.resolve(0);
    }
    if (this.waiters >= this.maxWaiters) {
      return Promise.reject(new RuntimeError(
        'HTTP_RATE_QUEUE_FULL',
        `${this.waiters} requests are already waiting for a rate budget (limit ${this.maxWaiters})`,
        { actor: 'operational', retryable: true },
      ));
    }
    const queued = window;
    return new Promise<number>((resolve, reject) => {
      const onAbort = (): void => {
        const index = queued.queue.indexOf(waiter);
        if (index >= 0) {
          queued.queue.splice(index, 1);
          this.waiters--;
        }
        reject(abortedError());
      };
      const waiter: Waiter = {
        enqueuedAt: now,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queued.queue.push(waiter);
      this.waiters++;
      this.schedule(key, queued);
    });
  }

  /** Stops the timers; waiting calls fail with HTTP_ABORTED. */
  close(): void {
    for (const window of this.windows.values()) {
      if (window.timer !== undefined) this.clock.clearTimer(window.timer);
      for (const waiter of window.queue.splice(0)) {
        waiter.detach();
        waiter.reject(abortedError());
      }
    }
    this.windows.clear();
    this.waiters = 0;
  }

  private schedule(key: string, window: Window): void {
    if (window.timer !== undefined) return;
    const oldest = window.starts[0] ?? this.clock.now();
    const delay = Math.max(0, oldest + window.budget.perMs - this.clock.now());
    window.timer = this.clock.setTimer(() => {
      window.timer = undefined;
      this.release(key, window);
    }, delay);
  }

  private release(key: string, window: Window): void {
    const now = this.clock.now();
    prune(window, now);
    while (window.queue.length > 0 && window.starts.length < window.budget.requests) {
      const waiter = window.queue.shift()!;
      this.waiters--;
      window.starts.push(now);
      waiter.detach();
      waiter.resolve(now - waiter.enqueuedAt);
    }
    if (window.queue.length > 0) this.schedule(key, window);
    else if (window.starts.length === 0) this.windows.delete(key);
  }
}

function prune(window: Window, now: number): void {
  while (window.starts.length > 0 && window.starts[0]! <= now - window.budget.perMs) window.starts.shift();
}

/** Each attempt (retries too) takes one slot of the connection's budget before it goes out. */
export function waitForRateBudget(budgets: RateBudgets): HttpMiddleware {
  return {
    name: 'wait-for-rate-budget',
    async handle(request, call, next) {
      const { rateKey, rateBudget, signal, origin } = call.context;
      if (rateKey !== undefined && rateBudget) {
        try {
          call.rateWaitMs = await budgets.acquire(rateKey, rateBudget, signal);
        } catch (error) {
          if (error instanceof RuntimeError && error.origin === undefined && origin) {
            throw new RuntimeError(error.code, error.message, { actor: error.actor, origin, retryable: error.retryable });
          }
          throw error;
        }
      }
      return next(request, call);
    },
  };
}
