// Schedule-triggered user flows: each tick of a flow's cron stores one event (deduped by flow and tick, so a
// tick is never run twice), and the execution worker runs it like any other event.
import type { ProjectModel } from '../model/model.js';
import type { EventQueue } from '../store/event-store.js';
import type { ScheduleClock } from './schedule-clock.js';

export interface ScheduleTriggers {
  /** Subscribes the enabled schedule flows of `model`, dropping the others. */
  sync(model: ProjectModel): void;
  nextRun(flow: string): Date | undefined;
  stop(): void;
}

export interface ScheduleTriggerOptions {
  readonly clock: ScheduleClock;
  readonly events: Pick<EventQueue, 'append'>;
  readonly onEvent: (flow: string) => void;
  readonly onError: (flow: string, error: unknown) => void;
}

export function createScheduleTriggers(options: ScheduleTriggerOptions): ScheduleTriggers {
  const subscribed = new Map<string, { key: string; cron: string; timezone?: string; unsubscribe: () => void }>();
  return {
    sync(model) {
      const wanted = new Map<string, { cron: string; timezone?: string }>();
      for (const flow of model.flows.values()) {
        if (flow.enabled && flow.trigger.type === 'schedule') wanted.set(flow.name, { cron: flow.trigger.cron, timezone: flow.trigger.timezone });
      }
      for (const [name, sub] of subscribed) {
        const want = wanted.get(name);
        if (!want || `${want.cron}\u0000${want.timezone ?? ''}` !== sub.key) {
          sub.unsubscribe();
          subscribed.delete(name);
        }
      }
      for (const [name, want] of wanted) {
        if (subscribed.has(name)) continue;
        const unsubscribe = options.clock.subscribe(want.cron, want.timezone, (at) => {
          try {
            const firedAt = at.toISOString();
            const { inserted } = options.events.append([{ flow: name, source: 'schedule', dedupeKey: `schedule@${firedAt}`, payload: { firedAt } }]);
            if (inserted.length > 0) options.onEvent(name);
          } catch (error) {
            options.onError(name, error);
          }
        });
        subscribed.set(name, { key: `${want.cron}\u0000${want.timezone ?? ''}`, ...want, unsubscribe });
      }
    },
    nextRun(flow) {
      const sub = subscribed.get(flow);
      return sub ? options.clock.nextRun(sub.cron, sub.timezone) : undefined;
    },
    stop() {
      for (const sub of subscribed.values()) sub.unsubscribe();
      subscribed.clear();
    },
  };
}
