// DEF_CONFLICT in a user flow's trigger: exactly one of event, schedule and manual; an event trigger's `via`
// must name a source the event has; polling-only settings need polling.
import { asRecord, isRecord } from '../compile/plain-data.js';
import type { Check } from './check-context.js';
import { lookupCard } from './resolve-card.js';

const TRIGGER_KINDS = ['event', 'schedule', 'manual'] as const;
const POLLING_ONLY = ['schedule', 'timezone', 'initial'] as const;

export const checkTrigger: Check = {
  name: 'trigger',
  run(ctx) {
    for (const file of ctx.files) {
      if (file.kind !== 'flow') continue;
      const trigger = asRecord(file.data.trigger);
      if (!trigger) continue;
      const kinds = TRIGGER_KINDS.filter((k) => trigger[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.report(file.source, ['trigger'], 'DEF_CONFLICT', kinds.length === 0
          ? 'a trigger needs one of event, schedule or manual; found none'
          : `a trigger has exactly one of event, schedule or manual; found ${kinds.join(', ')}`, { at: 'key' });
      }
      const event = asRecord(trigger.event);
      if (!event) continue;
      const at = ['trigger', 'event'];
      const initial = asRecord(event.initial);
      if (initial && initial.last !== undefined && initial.since !== undefined) {
        ctx.report(file.source, [...at, 'initial', 'since'], 'DEF_CONFLICT', "'initial' takes 'last' or 'since', not both", { at: 'key' });
      }
      const found = lookupCard(ctx.names, String(event.connector ?? ''), String(event.card ?? ''), 'event');
      if (found.status !== 'found') continue; // reported by the card reference check
      const hasWebhook = isRecord(found.member.data.webhook);
      const hasPolling = isRecord(found.member.data.polling);
      const label = `event '${found.member.name}' of '${found.connector.name}'`;
      if (event.via === 'polling' && !hasPolling) {
        ctx.report(file.source, [...at, 'via'], 'DEF_CONFLICT', `${label} has no polling monitor; it arrives by webhook`);
      } else if (event.via === 'webhook' && !hasWebhook) {
        ctx.report(file.source, [...at, 'via'], 'DEF_CONFLICT', `${label} has no webhook; it is polled`);
      }
      const via = event.via ?? (hasWebhook ? 'webhook' : 'polling');
      if (via === 'polling') continue;
      for (const key of POLLING_ONLY.filter((k) => event[k] !== undefined)) {
        ctx.report(file.source, [...at, key], 'DEF_CONFLICT', `'${key}' applies only to polling; this trigger receives ${label} by webhook`, {
          at: 'key',
          hint: hasPolling ? "set 'via: polling' to poll instead" : undefined,
        });
      }
    }
  },
};
