// Which polling monitors a project runs: one per enabled user flow whose trigger is a polling event. The monitor's
// key is the flow name (cursor and seen keys are stored under it). The scheduler is polling-scheduler.ts; one run
// is polling-run.ts.
import type { Connector, EventCard, PollingDef, ProjectModel, UserFlow } from '../model/model.js';
import type { EventTriggerRef } from './trigger-card-args.js';

export interface PollingMonitor extends EventTriggerRef {
  /** The monitor's key, and the flow its events trigger. */
  readonly key: string;
  readonly flow: UserFlow;
  readonly polling: PollingDef;
  /** The flow's `trigger.event.schedule` when given, else the monitor's. */
  readonly schedule: string;
  readonly timezone?: string;
  readonly initial?: { readonly last?: number; readonly since?: string };
}

export function pollingMonitorsOf(model: ProjectModel): PollingMonitor[] {
  const monitors: PollingMonitor[] = [];
  for (const flow of model.flows.values()) {
    const monitor = pollingMonitorOf(flow, model);
    if (monitor) monitors.push(monitor);
  }
  return monitors;
}

export function pollingMonitorOf(flow: UserFlow, model: ProjectModel): PollingMonitor | undefined {
  const trigger = flow.trigger;
  if (!flow.enabled || trigger.type !== 'event' || trigger.via !== 'polling') return undefined;
  const connector: Connector | undefined = model.connectors.get(trigger.connector);
  const card: EventCard | undefined = connector?.events[trigger.card];
  if (!connector || !card?.polling) return undefined; // the loader reports these; a valid model has none
  const schedule = trigger.schedule ?? card.polling.schedule;
  // The flow's time zone when it gives one (with or without its own schedule), else the monitor's.
  const timezone = trigger.timezone ?? card.polling.timezone;
  return {
    key: flow.name,
    flow,
    connector,
    card,
    polling: card.polling,
    connection: trigger.connection,
    options: trigger.options,
    origin: trigger.origin,
    schedule,
    ...(timezone !== undefined && { timezone }),
    ...(trigger.initial && { initial: trigger.initial }),
  };
}
