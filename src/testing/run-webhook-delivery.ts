// A webhook delivery case goes through the real webhook ingress (handshakes, signature, body, records), with a
// registration made from the case (what `register` returned) and a committer that keeps the events in memory.
// The ingress wants a user flow triggered by the event: the case stands in one that exists only for this run.
import type { Connection } from '../model/connection.js';
import type { Connector, ProjectModel, UserFlow } from '../model/model.js';
import type { NewEvent, Registration } from '../store/event-store.js';
import { createWebhookIngress } from '../triggers/webhook-ingress.js';
import { renderVerifySecret } from '../triggers/webhook-verify.js';
import { signatureHeaders } from './sign-delivery.js';
import type { TestCase } from './test-case.js';

export interface DeliveryOutcome {
  readonly response: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown };
  /** The stored events' payloads, in order. */
  readonly records: unknown[];
  readonly dedupeKeys: (string | undefined)[];
  /** For answers of 400 and above: the ingress's code and the status. */
  readonly error?: { readonly code: string; readonly status: number; readonly message: string };
}

/** 43 base64url characters, the shape of a real callback token. */
const TEST_TOKEN = 'test-callback-token-000000000000000000000000'.slice(0, 43);

export async function runWebhookDelivery(model: ProjectModel, connector: Connector, event: string, testCase: TestCase, connection: Connection): Promise<DeliveryOutcome> {
  const webhook = connector.events[event]!.webhook!;
  const request = testCase.request!;
  const flowName = `test:${testCase.name}`;
  const flow: UserFlow = {
    kind: 'flow',
    name: flowName,
    title: testCase.name,
    enabled: true,
    trigger: { type: 'event', connector: connector.name, card: event, connection: connection.name, via: 'webhook', options: testCase.options, origin: testCase.origin },
    concurrency: 1,
    retry: { attempts: 1, backoffMs: 0 },
    steps: [],
    file: testCase.origin.file,
    origin: testCase.origin,
  };
  const registration: Registration = {
    flow: flowName,
    connector: connector.name,
    card: event,
    connection: connection.name,
    optionsHash: '',
    callbackToken: TEST_TOKEN,
    status: 'active',
    output: testCase.registration,
    secret: testCase.webhookSecret,
    attempts: 0,
    updatedAt: 0,
  };
  const withFlow: ProjectModel = { ...model, flows: new Map([...model.flows, [flowName, flow]]) };
  const stored: NewEvent[] = [];
  const ingress = createWebhookIngress({
    model: () => withFlow,
    registrations: { byToken: (token) => (token === TEST_TOKEN ? registration : undefined) },
    connections: { get: (name, conn) => (name === connector.name && conn === connection.name ? connection : undefined) },
    committer: {
      async commit(events) {
        stored.push(...events);
        return { inserted: events.map((_, i) => `event-${stored.length - events.length + i}`), duplicates: 0 };
      },
    },
  });

  const raw = rawBody(request.body);
  const headers: Record<string, string> = { ...request.headers };
  if (raw.length > 0 && headers['content-type'] === undefined) {
    headers['content-type'] = typeof request.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  }
  if (request.sign) {
    const secret = renderVerifySecret(webhook.verify, { registration: testCase.registration, secret: testCase.webhookSecret, connection: connection.fields }) ?? '';
    Object.assign(headers, signatureHeaders(webhook.verify, secret, raw, headers, Date.now()));
  }
  const answer = await ingress.receive({
    method: request.method,
    token: TEST_TOKEN,
    headers,
    query: request.query,
    readBody: async (maxBytes) => (raw.length > maxBytes ? undefined : raw),
  });

  const body = parseAnswerBody(answer.body);
  const outcome: DeliveryOutcome = {
    response: { status: answer.status, headers: answer.headers, body },
    records: stored.map((e) => e.payload),
    dedupeKeys: stored.map((e) => e.dedupeKey),
  };
  if (answer.status < 400) return outcome;
  const message = answer.detail ?? (body !== null && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : `answered ${answer.status}`);
  return { ...outcome, error: { code: answer.code ?? 'WEBHOOK_FAILED', status: answer.status, message } };
}

function rawBody(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function parseAnswerBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
