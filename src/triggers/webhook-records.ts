// From a verified delivery to the events to store: `records` gives one record or a list, `dedupeKey` one key
// for the delivery. A delivery of several records stores each under `<key>#<index>`, so a repeated delivery
// is recognised record by record and the records of one delivery never count as duplicates of each other.
import { RuntimeError } from '../errors/runtime-error.js';
import type { Scope, WebhookDef } from '../model/model.js';
import type { NewEvent } from '../store/event-store.js';

/** More records than this from one delivery is refused: an expression like `[1..1000000]` must not flood the queue. */
export const MAX_RECORDS_PER_DELIVERY = 1000;

export async function webhookEvents(webhook: WebhookDef, flow: string, scope: Scope): Promise<NewEvent[]> {
  const key = webhook.dedupeKey ? dedupeKeyOf(await webhook.dedupeKey.evaluate(scope)) : undefined;
  const records = recordsOf(await webhook.records.evaluate(scope));
  if (records.length > MAX_RECORDS_PER_DELIVERY) {
    throw new RuntimeError('WEBHOOK_TOO_MANY_RECORDS', `the delivery gives ${records.length} records; at most ${MAX_RECORDS_PER_DELIVERY} are accepted`, {
      actor: 'operational',
      origin: webhook.records.origin,
      status: 413,
    });
  }
  return records.map((payload, i) => ({
    flow,
    source: 'webhook' as const,
    payload,
    ...(key !== undefined && { dedupeKey: records.length === 1 ? key : `${key}#${i}` }),
  }));
}

function recordsOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.filter((record) => record !== undefined);
  return [value];
}

/** Strings and numbers are keys; anything else (nothing found, an object) means no dedupe for this delivery. */
function dedupeKeyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
