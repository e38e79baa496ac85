// A schedule clock that never ticks by itself: tests call `tick` to deliver a tick to everything listening to a
// schedule. Same sharing logic as the node-cron clock (one timer per schedule and time zone).
import { createSharedClock, type SharedClock } from './schedule-clock.js';

export interface ManualClock extends SharedClock {
  /** Delivers one tick of `schedule` (at `at`, default now); returns how many listeners were called. */
  tick(schedule: string, timezone?: string, at?: Date): number;
  /** Ticks every schedule that has listeners; returns how many listeners were called. */
  tickAll(at?: Date): number;
  /** What `nextRun` answers for a schedule (undefined by default). */
  setNextRun(schedule: string, timezone: string | undefined, next: Date | undefined): void;
  /** Timers started so far, stopped ones included. */
  readonly timersStarted: number;
}

export function createManualClock(onListenerError?: (error: unknown, schedule: string) => void): ManualClock {
  const next = new Map<string, Date | undefined>();
  const keyOf = (schedule: string, timezone: string | undefined) => `${timezone ?? ''}\u0000${schedule.trim()}`;
  let started = 0;
  const shared = createSharedClock((schedule, timezone) => {
    started += 1;
    return { nextRun: () => next.get(keyOf(schedule, timezone)), stop: () => undefined };
  }, onListenerError);
  return {
    ...shared,
    tick(schedule, timezone, at = new Date()) {
      return shared.fire(schedule, timezone, at);
    },
    tickAll(at = new Date()) {
      let called = 0;
      for (const key of shared.keys()) called += shared.fire(key.schedule, key.timezone, at);
      return called;
    },
    setNextRun(schedule, timezone, date) {
      next.set(keyOf(schedule, timezone), date);
    },
    get timersStarted() {
      return started;
    },
  };
}
