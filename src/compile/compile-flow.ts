// A user flow file: trigger, concurrency, retry and steps. Defaults: title = name, enabled, concurrency 1,
// retry 3 attempts 30s apart; an event trigger goes via the webhook when the event has one, else polling.
import type { Trigger, UserFlow } from '../model/model.js';
import type { NameIndex } from '../check/name-index.js';
import type { CompileContext } from './compile-context.js';
import { compileFields } from './compile-fields.js';
import { compileSteps } from './compile-steps.js';
import { asPositiveInteger, asRecord, asString, isRecord } from './plain-data.js';
import { DEFAULT_TIMEZONE } from './parse-quantity.js';

export function compileFlow(ctx: CompileContext, names: NameIndex): UserFlow {
  const raw = asRecord(ctx.get([])) ?? {};
  const name = asString(raw.name) ?? '';
  const retry = asRecord(raw.retry) ?? {};
  const description = asString(raw.description);
  return {
    kind: 'flow',
    name,
    title: asString(raw.title) ?? name,
    enabled: raw.enabled !== false,
    trigger: compileTrigger(ctx, names),
    concurrency: asPositiveInteger(raw.concurrency, 1),
    retry: { attempts: asPositiveInteger(retry.attempts, 3), backoffMs: ctx.duration(['retry', 'backoff'], 30_000) },
    steps: compileSteps(ctx, ['steps']),
    file: ctx.file,
    origin: ctx.origin([]),
    ...(description !== undefined && { description }),
  };
}

function compileTrigger(ctx: CompileContext, names: NameIndex): Trigger {
  const raw = asRecord(ctx.get(['trigger'])) ?? {};
  if (isRecord(raw.event)) {
    const at = ['trigger', 'event'];
    const e = raw.event;
    const connector = asString(e.connector) ?? '';
    const card = asString(e.card) ?? '';
    const schedule = asString(e.schedule);
    const timezone = asString(e.timezone);
    const initial = asRecord(e.initial);
    return {
      type: 'event',
      connector,
      card,
      connection: asString(e.connection) ?? '',
      via: e.via === 'webhook' || e.via === 'polling' ? e.via : defaultVia(names, connector, card),
      options: structuredClone(asRecord(e.options) ?? {}),
      origin: ctx.origin(at),
      ...(schedule !== undefined && { schedule: schedule.trim() }),
      ...(timezone !== undefined && { timezone }),
      ...(initial && {
        initial: {
          ...(typeof initial.last === 'number' && { last: initial.last }),
          ...(typeof initial.since === 'string' && { since: initial.since }),
        },
      }),
    };
  }
  if (isRecord(raw.schedule)) {
    const timezone = asString(raw.schedule.timezone) ?? DEFAULT_TIMEZONE;
    return {
      type: 'schedule',
      cron: (asString(raw.schedule.cron) ?? '').trim(),
      origin: ctx.origin(['trigger', 'schedule']),
      ...(timezone !== undefined && { timezone }),
    };
  }
  return { type: 'manual', inputs: compileFields(ctx, ['trigger', 'manual', 'inputs']), origin: ctx.origin(['trigger', 'manual']) };
}

function defaultVia(names: NameIndex, connector: string, card: string): 'webhook' | 'polling' {
  const event = names.connectors.get(connector)?.members.get(card);
  return event?.kind === 'event' && !isRecord(event.data.webhook) && isRecord(event.data.polling) ? 'polling' : 'webhook';
}
