// How an event's records arrive. Flows choose webhook or polling (`trigger.event.via`), so removing one breaks
// the flows that use it; a changed signature check breaks every existing registration; changed records,
// dedupe keys, schedules or registration steps change what flows receive (risky).
import type { EventCard, PollingDef, Step, WebhookDef } from '../model/model.js';
import type { ChangeRecorder } from './change-recorder.js';
import { fingerprint } from './fingerprint.js';
import { shownValue } from './shown-value.js';

export function diffEventSources(rec: ChangeRecorder, before: EventCard, after: EventCard): void {
  const at = after.origin;
  if (before.webhook && !after.webhook) {
    rec.add('breaking', 'webhook-removed', 'webhook removed', { at, impact: { on: 'trigger-via', via: 'webhook' } });
  } else if (!before.webhook && after.webhook) {
    rec.add('safe', 'webhook-added', 'webhook added', { at: after.webhook.origin });
  } else if (before.webhook && after.webhook) {
    diffWebhook(rec, before.webhook, after.webhook);
  }
  if (before.polling && !after.polling) {
    rec.add('breaking', 'polling-removed', 'polling monitor removed', { at, impact: { on: 'trigger-via', via: 'polling' } });
  } else if (!before.polling && after.polling) {
    rec.add('safe', 'polling-added', 'polling monitor added', { at: after.polling.origin });
  } else if (before.polling && after.polling) {
    diffPolling(rec, before.polling, after.polling);
  }
}

function diffWebhook(rec: ChangeRecorder, a: WebhookDef, b: WebhookDef): void {
  const at = b.origin;
  const verify = verifyChanges(a, b);
  if (verify.length > 0) {
    rec.add('breaking', 'webhook-verify-changed', `webhook verification changed: ${verify.join('; ')}`, {
      at, impact: { on: 'trigger-via', via: 'webhook' },
    });
  }
  if (differ(a.records, b.records)) rec.add('risky', 'webhook-records-changed', 'webhook records expression changed', { at, before: a.records.source, after: b.records.source });
  if (differ(a.dedupeKey, b.dedupeKey)) {
    rec.add('risky', 'webhook-dedupe-changed', 'webhook dedupe key changed', {
      at, ...(a.dedupeKey && { before: a.dedupeKey.source }), ...(b.dedupeKey && { after: b.dedupeKey.source }),
    });
  }
  if (differ(a.register.steps, b.register.steps)) rec.add('risky', 'webhook-register-changed', 'webhook register steps changed', { at: b.register.origin });
  if (differ(stepsOf(a.deregister), stepsOf(b.deregister))) {
    rec.add('risky', 'webhook-deregister-changed', 'webhook deregister steps changed', { at: b.deregister?.origin ?? at });
  }
  if (differ(a.handshake, b.handshake)) rec.add('risky', 'webhook-handshake-changed', 'webhook handshake changed', { at });
  const limits = [differ(a.lifetimeMs, b.lifetimeMs) && 'lifetime', differ(a.maxBodyBytes, b.maxBodyBytes) && 'maxBodySize'].filter(Boolean);
  if (limits.length > 0) rec.add('safe', 'webhook-limits-changed', `webhook ${limits.join(', ')} changed`, { at });
}

/** `scheme hmac-sha256 -> hmac-sha1`, `header X-Sig -> X-Signature`, or just the names of other settings. */
function verifyChanges(a: WebhookDef, b: WebhookDef): string[] {
  const out: string[] = [];
  for (const key of ['scheme', 'header'] as const) {
    if (a.verify[key] !== b.verify[key]) out.push(`${key} ${shownValue(a.verify[key])} -> ${shownValue(b.verify[key])}`);
  }
  const others = (['prefix', 'encoding', 'secret', 'timestampHeader', 'toleranceMs', 'signedContent'] as const).filter((k) =>
    differ(a.verify[k], b.verify[k]),
  );
  if (others.length > 0) out.push(`${others.map((k) => (k === 'toleranceMs' ? 'tolerance' : k)).join(', ')} changed`);
  return out;
}

function diffPolling(rec: ChangeRecorder, a: PollingDef, b: PollingDef): void {
  const at = b.origin;
  if (a.schedule !== b.schedule || a.timezone !== b.timezone) {
    const from = `${a.schedule}${a.timezone ? ` ${a.timezone}` : ''}`;
    const to = `${b.schedule}${b.timezone ? ` ${b.timezone}` : ''}`;
    rec.add('risky', 'polling-schedule-changed', `polling schedule changed from '${from}' to '${to}'`, { at, before: from, after: to });
  }
  if (differ(a.dedupeKey, b.dedupeKey)) {
    rec.add('risky', 'polling-dedupe-changed', 'polling dedupe key changed', {
      at, ...(a.dedupeKey && { before: a.dedupeKey.source }), ...(b.dedupeKey && { after: b.dedupeKey.source }),
    });
  }
  if (a.dedupeWindow !== b.dedupeWindow) {
    rec.add('safe', 'polling-dedupe-window-changed', `polling dedupe window changed from ${a.dedupeWindow} to ${b.dedupeWindow}`, { at });
  }
  if (differ(a.steps, b.steps)) {
    rec.add('risky', 'polling-steps-changed', 'polling steps changed: check how the cursor is read and returned', { at });
  }
}

function stepsOf(body: { steps: readonly Step[] } | undefined): readonly Step[] | undefined {
  return body?.steps;
}

function differ(a: unknown, b: unknown): boolean {
  return fingerprint(a) !== fingerprint(b);
}
