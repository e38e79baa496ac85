// Event cards' sources: webhooks (register/deregister/find flows, signature verification, handshakes, record
// extraction) and polling monitors. Defaults: verify encoding hex, tolerance 5m, maxBodySize 1mb,
// dedupeWindow 10000, records = the whole body.
import type { Handshake, PollingDef, VerifyScheme, WebhookDef, WebhookVerify } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { CompileContext } from './compile-context.js';
import { compileBody } from './compile-steps.js';
import { asArray, asPositiveInteger, asRecord, asString } from './plain-data.js';
import { DEFAULT_TIMEZONE } from './parse-quantity.js';

const VERIFY_SCHEMES: ReadonlySet<string> = new Set(['hmac-sha256', 'hmac-sha1', 'standard-webhooks', 'shared-secret', 'none']);

export function compileWebhook(ctx: CompileContext, at: Path): WebhookDef {
  const lifetimeMs = ctx.duration([...at, 'lifetime']);
  const dedupeKey = ctx.optionalExpression([...at, 'dedupeKey'], 'data');
  return {
    register: compileBody(ctx, [...at, 'register']),
    verify: compileVerify(ctx, [...at, 'verify']),
    handshake: asArray(ctx.get([...at, 'handshake'])).map((_, i) => compileHandshake(ctx, [...at, 'handshake', i])),
    // Webhook expressions read the incoming request ({headers, query, body}).
    records: ctx.has([...at, 'records']) ? ctx.expression([...at, 'records'], 'data') : ctx.impliedExpression('body', at),
    maxBodyBytes: ctx.byteSize([...at, 'maxBodySize'], 1024 * 1024),
    origin: ctx.origin(at),
    ...(ctx.has([...at, 'deregister']) && { deregister: compileBody(ctx, [...at, 'deregister']) }),
    ...(ctx.has([...at, 'find']) && { find: compileBody(ctx, [...at, 'find']) }),
    ...(lifetimeMs !== undefined && { lifetimeMs }),
    ...(dedupeKey && { dedupeKey }),
  };
}

function compileVerify(ctx: CompileContext, at: Path): WebhookVerify {
  const raw = asRecord(ctx.get(at)) ?? {};
  const scheme = asString(raw.scheme) ?? 'none';
  const header = asString(raw.header);
  const prefix = asString(raw.prefix);
  const timestampHeader = asString(raw.timestampHeader);
  // The secret template sees the webhook registration and the connection, like auth templates.
  const secret = ctx.optionalTemplate([...at, 'secret']);
  // Reads the delivery ({timestamp, body}), not the flow's scope.
  const signedContent = ctx.optionalTemplate([...at, 'signedContent'], 'data');
  return {
    scheme: (VERIFY_SCHEMES.has(scheme) ? scheme : 'none') as VerifyScheme,
    encoding: raw.encoding === 'base64' ? 'base64' : 'hex',
    toleranceMs: ctx.duration([...at, 'tolerance'], 5 * 60_000),
    ...(header !== undefined && { header }),
    ...(prefix !== undefined && { prefix }),
    ...(timestampHeader !== undefined && { timestampHeader }),
    ...(secret && { secret }),
    ...(signedContent && { signedContent }),
  };
}

function compileHandshake(ctx: CompileContext, at: Path): Handshake {
  const respond = asRecord(ctx.get([...at, 'respond'])) ?? {};
  const when = ctx.expression([...at, 'when'], 'data');
  const body = ctx.optionalExpression([...at, 'respond', 'body'], 'data');
  return {
    when,
    status: typeof respond.status === 'number' ? respond.status : 200,
    headers: ctx.templateMap([...at, 'respond', 'headers'], 'data'),
    ...(body && { body }),
  };
}

export function compilePolling(ctx: CompileContext, at: Path): PollingDef {
  const raw = asRecord(ctx.get(at)) ?? {};
  const timezone = asString(raw.timezone) ?? DEFAULT_TIMEZONE;
  // The dedupe key reads one record.
  const dedupeKey = ctx.optionalExpression([...at, 'dedupeKey'], 'data');
  return {
    ...compileBody(ctx, at),
    schedule: (asString(raw.schedule) ?? '').trim(),
    dedupeWindow: asPositiveInteger(raw.dedupeWindow, 10_000),
    ...(timezone !== undefined && { timezone }),
    ...(dedupeKey && { dedupeKey }),
  };
}
