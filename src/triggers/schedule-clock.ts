// Shared timers for polling monitors and schedule triggers: ONE timer per distinct (schedule, time zone), however
// many listeners it has (10,000 monitors on one schedule = one node-cron task). The node-cron adapter is the thin
// part at the bottom; tests drive the same sharing logic with manual ticks (manual-clock.ts).
import cron from 'node-cron';

/** Called on every tick of a schedule with the time the tick was due. Must not throw (errors are reported). */
export type TickListener = (at: Date) => void;

export interface ScheduleClock {
  /** Listens to a schedule (node-cron syntax, seconds allowed); returns the unsubscribe function. */
  subscribe(schedule: string, timezone: string | undefined, listener: TickListener): () => void;
  /** The next tick of a schedule that has listeners; undefined when nothing listens to it (or it never fires). */
  nextRun(schedule: string, timezone: string | undefined): Date | undefined;
  /** Distinct timers running: one per (schedule, time zone) with at least one listener. */
  timerCount(): number;
  /** Stops every timer; later ticks are never delivered. */
  stop(): void;
}

/** One running timer, as the sharing logic sees it. */
export interface ClockTimer {
  nextRun(): Date | undefined;
  stop(): void;
}

/** Starts a timer that calls `fire` on each tick. */
export type StartTimer = (schedule: string, timezone: string | undefined, fire: TickListener) => ClockTimer;

export interface ScheduleClockOptions {
  /** A listener threw: reported here instead of reaching the timer (default: a process warning). */
  readonly onListenerError?: (error: unknown, schedule: string) => void;
  /** Where node-cron's own warnings (e.g. missed executions) go; default: dropped. */
  readonly logger?: { warn(fields: Record<string, unknown>, message: string): void };
}

/** The real clock: node-cron timers. */
export function createScheduleClock(options: ScheduleClockOptions = {}): ScheduleClock {
  return createSharedClock(cronTimer(options.logger), options.onListenerError);
}

/** The sharing logic, with what tests and status pages look at. */
export interface SharedClock extends ScheduleClock {
  listenerCount(schedule: string, timezone: string | undefined): number;
  /** Delivers one tick to the schedule's listeners now; returns how many were called. */
  fire(schedule: string, timezone: string | undefined, at: Date): number;
  /** The schedules that have a timer. */
  keys(): { schedule: string; timezone?: string }[];
}

/** The sharing logic over any timer implementation; manual-clock.ts and the node-cron clock both use it. */
export function createSharedClock(startTimer: StartTimer, onListenerError = warnListenerError): SharedClock {
  interface Entry {
    readonly schedule: string;
    readonly timezone?: string;
    readonly listeners: Set<TickListener>;
    timer?: ClockTimer;
  }
  const entries = new Map<string, Entry>();
  let stopped = false;

  const fire = (entry: Entry, at: Date): number => {
    // A copy: a listener may unsubscribe itself or others while we iterate.
    const listeners = [...entry.listeners];
    for (const listener of listeners) {
      try {
        listener(at);
      } catch (e) {
        onListenerError(e, entry.schedule);
      }
    }
    return listeners.length;
  };

  return {
    subscribe(schedule, timezone, listener) {
      if (stopped) throw new Error('the schedule clock is stopped');
      const key = keyOf(schedule, timezone);
      let entry = entries.get(key);
      if (!entry) {
        entry = { schedule, ...(timezone !== undefined && { timezone }), listeners: new Set() };
        entries.set(key, entry);
        const current = entry;
        entry.timer = startTimer(schedule, timezone, (at) => {
          if (!stopped) fire(current, at);
        });
      }
      // A wrapper, so the same function subscribed twice counts twice and unsubscribes once.
      const own: TickListener = (at) => listener(at);
      entry.listeners.add(own);
      const subscribed = entry;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        subscribed.listeners.delete(own);
        if (subscribed.listeners.size === 0 && entries.get(key) === subscribed) {
          entries.delete(key);
          subscribed.timer?.stop();
        }
      };
    },
    nextRun(schedule, timezone) {
      return entries.get(keyOf(schedule, timezone))?.timer?.nextRun();
    },
    timerCount() {
      return entries.size;
    },
    stop() {
      stopped = true;
      for (const entry of entries.values()) entry.timer?.stop();
      entries.clear();
    },
    listenerCount(schedule, timezone) {
      return entries.get(keyOf(schedule, timezone))?.listeners.size ?? 0;
    },
    fire(schedule, timezone, at) {
      const entry = entries.get(keyOf(schedule, timezone));
      return entry && !stopped ? fire(entry, at) : 0;
    },
    keys() {
      return [...entries.values()].map((e) => ({ schedule: e.schedule, ...(e.timezone !== undefined && { timezone: e.timezone }) }));
    },
  };
}

function keyOf(schedule: string, timezone: string | undefined): string {
  return `${timezone ?? ''}\u0000${schedule.trim()}`;
}

function warnListenerError(error: unknown, schedule: string): void {
  process.emitWarning(`a listener of schedule '${schedule}' failed: ${(error as Error)?.message ?? String(error)}`, { code: 'SCHEDULE_LISTENER_FAILED' });
}

// ---- the node-cron adapter ----

function cronTimer(logger: ScheduleClockOptions['logger']): StartTimer {
  const cronLogger = {
    info() {},
    debug() {},
    warn(message: string) {
      logger?.warn({ source: 'node-cron' }, message);
    },
    error(message: string | Error) {
      logger?.warn({ source: 'node-cron' }, String(message));
    },
  };
  return (schedule, timezone, fire) => {
    // The callback only fans out to listeners and returns at once, so node-cron never sees an overlap.
    const task = cron.schedule(schedule, (context) => fire(context.date), {
      ...(timezone !== undefined && { timezone }),
      name: `schedule ${schedule}${timezone ? ` ${timezone}` : ''}`,
      logger: cronLogger,
    });
    return {
      nextRun: () => task.getNextRun() ?? undefined,
      stop: () => {
        Promise.resolve(task.destroy()).catch(() => undefined);
      },
    };
  };
}
