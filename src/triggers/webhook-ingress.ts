// `POST /hooks/:token` (and `GET`, for handshakes such as Okta's): from a delivery to stored events.
//
// Order: token -> registration (404 unknown, 410 no longer wanted) -> raw body within the event's maxBodySize
// (413) -> handshakes and signature (401) -> body (400 when malformed) -> dedupe key and records -> durable
// commit -> 200 `{"received", "duplicates"}`. A 2xx is sent only after the events are committed; a failed
// commit answers 503 with Retry-After, so the sender delivers again (and the dedupe key drops repeats).
//
// Handshakes vs. signature: a request that carries the scheme's signature header (Slack's signed
// url_verification, Okta's challenge with its Authorization header) is verified first, then handshakes run;
// a request without it (an unsigned challenge) may be answered by a handshake, else it fails verification.
// Either way an unsigned request can never store an event.
//
// HTTP-free on purpose: the server adapts requests to WebhookDelivery and writes the IngressAnswer.
import { isRuntimeError } from '../errors/runtime-error.js';
import type { EventCard, ProjectModel, Scope, UserFlow, WebhookDef } from '../model/model.js';
import type { IngressCommitter, Registration, RegistrationStore } from '../store/event-store.js';
import type { ConnectionRepository } from '../store/store.js';
import { parseWebhookBody } from './webhook-body.js';
import { answerHandshake } from './webhook-handshake.js';
import { webhookEvents } from './webhook-records.js';
import { isSigned, renderVerifySecret, signatureSchemeOf, verifySignature } from './webhook-verify.js';

/** Callback tokens are 43 base64url characters; anything far off is refused without a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
const RETRY_AFTER_SECONDS = '5';

export interface WebhookDelivery {
  readonly method: 'GET' | 'POST';
  readonly token: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** The raw body, or undefined when it is larger than `maxBytes`. */
  readBody(maxBytes: number): Promise<Buffer | undefined>;
}

export interface IngressAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Response text (JSON unless a handshake says otherwise). */
  readonly body?: string;
  /** For logs and metrics only, never sent: the flow, a code, and a reason without request data. */
  readonly flow?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly inserted?: number;
  readonly duplicates?: number;
  /** The body was not read to its end: the connection must close after the answer. */
  readonly closeConnection?: boolean;
}

export interface WebhookIngressDeps {
  /** The current model (a getter, so a reloaded model takes effect without a new server). */
  model(): ProjectModel;
  readonly registrations: Pick<RegistrationStore, 'byToken'>;
  readonly connections: Pick<ConnectionRepository, 'get'>;
  readonly committer: Pick<IngressCommitter, 'commit'>;
  readonly now?: () => number;
}

export interface WebhookIngress {
  receive(delivery: WebhookDelivery): Promise<IngressAnswer>;
}

interface Target {
  readonly registration: Registration;
  readonly flow: UserFlow;
  readonly webhook: WebhookDef;
}

export function createWebhookIngress(deps: WebhookIngressDeps): WebhookIngress {
  const now = deps.now ?? Date.now;

  async function receive(delivery: WebhookDelivery): Promise<IngressAnswer> {
    if (!TOKEN_SHAPE.test(delivery.token)) return fail(404, 'WEBHOOK_UNKNOWN', 'no webhook is registered at this address');
    let registration: Registration | undefined;
    try {
      registration = deps.registrations.byToken(delivery.token);
    } catch (e) {
      return storeDown(e);
    }
    if (!registration) return fail(404, 'WEBHOOK_UNKNOWN', 'no webhook is registered at this address');
    const target = resolveTarget(deps.model(), registration);
    if (!target) return fail(410, 'WEBHOOK_GONE', 'this webhook is no longer wanted', { flow: registration.flow, detail: 'deregistering, or the flow is disabled, removed or no longer webhook-triggered' });
    const flow = target.flow.name;
    try {
      return await deliver(delivery, target);
    } catch (e) {
      if (isRuntimeError(e) && e.code === 'STORE_UNAVAILABLE') return storeDown(e, flow);
      if (isRuntimeError(e) && e.status === 413) return fail(413, e.code, 'the delivery holds too many records', { flow, detail: e.message });
      // A definition that fails on this delivery (JSONata or template error): the sender retries later.
      const code = isRuntimeError(e) ? e.code : 'WEBHOOK_INTERNAL';
      const origin = isRuntimeError(e) && e.origin ? ` at ${e.origin.file}:${e.origin.line}:${e.origin.column}` : '';
      return fail(500, 'WEBHOOK_FAILED', 'the delivery could not be processed', { flow, detail: `${code}${origin}` });
    }
  }

  async function deliver(delivery: WebhookDelivery, { registration, flow, webhook }: Target): Promise<IngressAnswer> {
    const flowName = flow.name;
    const raw = await delivery.readBody(webhook.maxBodyBytes);
    if (raw === undefined) {
      return fail(413, 'WEBHOOK_TOO_LARGE', `the body is larger than ${webhook.maxBodyBytes} bytes`, { flow: flowName, closeConnection: true });
    }
    const parsed = parseWebhookBody(delivery.headers['content-type'], raw);
    const scope: Scope = { headers: delivery.headers, query: delivery.query, body: parsed.ok ? parsed.value : undefined };
    const signed = isSigned(webhook.verify, delivery.headers);

    if (!signed) {
      const answer = await answerHandshake(webhook.handshake, scope);
      if (answer) return { ...answer, flow: flowName, code: 'WEBHOOK_HANDSHAKE' };
    }
    const secret = signatureSchemeOf(webhook.verify.scheme).needsSecret ? verifySecret(registration, webhook) : undefined;
    const verdict = verifySignature(webhook.verify, { headers: delivery.headers, rawBody: raw }, secret, now());
    if (!verdict.ok) return fail(401, verdict.code, 'the delivery could not be authenticated', { flow: flowName, detail: verdict.detail });
    if (signed) {
      const answer = await answerHandshake(webhook.handshake, scope);
      if (answer) return { ...answer, flow: flowName, code: 'WEBHOOK_HANDSHAKE' };
    }

    if (delivery.method !== 'POST') return fail(405, 'WEBHOOK_METHOD', 'deliveries are POSTed', { flow: flowName, headers: { allow: 'POST' } });
    if (!parsed.ok) return fail(400, 'WEBHOOK_BODY', 'the body is not valid for its content type', { flow: flowName, detail: parsed.detail });

    const events = await webhookEvents(webhook, flowName, scope);
    if (events.length === 0) return received(flowName, 0, 0);
    try {
      const result = await deps.committer.commit(events);
      return received(flowName, result.inserted.length, result.duplicates);
    } catch (e) {
      if (isRuntimeError(e) && e.code === 'STORE_INVALID_VALUE') {
        return fail(422, 'WEBHOOK_RECORD_INVALID', 'a record of the delivery cannot be stored (too large?)', { flow: flowName, detail: e.message });
      }
      throw e;
    }
  }

  function verifySecret(registration: Registration, webhook: WebhookDef): string | undefined {
    // Only read when the scheme needs it: decrypting connection secrets is not free.
    const connection = deps.connections.get(registration.connector, registration.connection);
    return renderVerifySecret(webhook.verify, {
      registration: registration.output,
      secret: registration.secret,
      connection: connection?.fields ?? {},
    });
  }

  return { receive };
}

/** The flow still wants this registration's deliveries: it exists, is enabled and is triggered by this webhook. */
function resolveTarget(model: ProjectModel, registration: Registration): Target | undefined {
  if (registration.status === 'deregistering') return undefined;
  const flow = model.flows.get(registration.flow);
  if (!flow || !flow.enabled || flow.trigger.type !== 'event' || flow.trigger.via !== 'webhook') return undefined;
  const card: EventCard | undefined = model.connectors.get(registration.connector)?.events[registration.card];
  if (!card?.webhook) return undefined;
  return { registration, flow, webhook: card.webhook };
}

function received(flow: string, inserted: number, duplicates: number): IngressAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ received: inserted, duplicates }),
    flow,
    inserted,
    duplicates,
  };
}

function storeDown(e: unknown, flow?: string): IngressAnswer {
  const detail = e instanceof Error ? e.message : String(e);
  return fail(503, 'STORE_UNAVAILABLE', 'the delivery could not be stored; retry later', { flow, detail, headers: { 'retry-after': RETRY_AFTER_SECONDS } });
}

function fail(
  status: number,
  code: string,
  message: string,
  extra: { flow?: string; detail?: string; headers?: Record<string, string>; closeConnection?: boolean } = {},
): IngressAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...extra.headers },
    body: JSON.stringify({ error: code, message }),
    code,
    ...(extra.flow !== undefined && { flow: extra.flow }),
    ...(extra.detail !== undefined && { detail: extra.detail }),
    ...(extra.closeConnection && { closeConnection: true }),
  };
}
