// Which webhook registrations a project wants: one per ENABLED user flow whose trigger is a webhook event.
// Its identity is (connector, card, connection, options hash): a change of any of them means a new remote hook.
import { createHash } from 'node:crypto';
import type { Connector, EventCard, ProjectModel, UserFlow, WebhookDef } from '../model/model.js';
import type { DesiredRegistration } from '../store/event-store.js';
import type { EventTriggerRef } from './trigger-card-args.js';
import { canonicalJson } from './canonical-json.js';

export interface WebhookSubscription extends EventTriggerRef {
  readonly flow: UserFlow;
  readonly webhook: WebhookDef;
  readonly desired: DesiredRegistration;
}

export function desiredRegistrationsOf(model: ProjectModel): WebhookSubscription[] {
  const out: WebhookSubscription[] = [];
  for (const flow of model.flows.values()) {
    const trigger = flow.trigger;
    if (!flow.enabled || trigger.type !== 'event' || trigger.via !== 'webhook') continue;
    const connector: Connector | undefined = model.connectors.get(trigger.connector);
    const card: EventCard | undefined = connector?.events[trigger.card];
    if (!connector || !card?.webhook) continue; // the loader reports these; a valid model has none
    out.push({
      flow,
      connector,
      card,
      webhook: card.webhook,
      connection: trigger.connection,
      options: trigger.options,
      origin: trigger.origin,
      desired: {
        flow: flow.name,
        connector: connector.name,
        card: card.name,
        connection: trigger.connection,
        optionsHash: optionsHash(trigger.options),
        options: trigger.options,
      },
    });
  }
  return out;
}

/** SHA-256 (hex) of the canonical JSON of the flow's options: key order does not matter. */
export function optionsHash(options: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(options)).digest('hex');
}

export function sameIdentity(a: DesiredRegistration, b: DesiredRegistration): boolean {
  return a.connector === b.connector && a.card === b.card && a.connection === b.connection && a.optionsHash === b.optionsHash;
}
