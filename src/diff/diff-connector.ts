// One connector in two revisions: service settings, auth, connection fields, then every card, helper and system
// flow. Cards and helpers share one namespace, so a card that became a helper (or an event) is a removed card.
import type { ActionCard, Card, Connector, EventCard, FlowBody, HelperFlow } from '../model/model.js';
import type { ChangeRecorder } from './change-recorder.js';
import { diffAuth } from './diff-auth.js';
import { diffEventSources } from './diff-event-sources.js';
import { diffFields } from './diff-fields.js';
import { diffSteps } from './diff-steps.js';
import { fingerprint } from './fingerprint.js';
import { shownList, shownValue } from './shown-value.js';

export function diffConnector(rec: ChangeRecorder, before: Connector, after: Connector): void {
  diffService(rec, before, after);
  diffAuth(rec, before, after);
  diffFields(rec, 'connection field', before.connectionFields, after.connectionFields);
  diffCards(rec, before, after);
  diffHelpers(rec, before, after);
  diffSystem(rec, before, after);
}

function diffService(rec: ChangeRecorder, a: Connector, b: Connector): void {
  const at = b.origin;
  const texts = [a.title !== b.title && 'title', (a.description ?? '') !== (b.description ?? '') && 'description'].filter(Boolean);
  if (texts.length > 0) rec.add('safe', 'connector-text-changed', `${texts.join(', ')} changed`, { at });

  const urlBefore = a.baseUrl.source;
  const urlAfter = b.baseUrl.source;
  if (urlBefore !== urlAfter) {
    const hostBefore = hostOf(urlBefore);
    const hostAfter = hostOf(urlAfter);
    if (hostBefore !== hostAfter) {
      rec.add('risky', 'base-url-host-changed', `base URL host changed from ${shownValue(hostBefore)} to ${shownValue(hostAfter)}`, {
        at, before: urlBefore, after: urlAfter,
      });
    } else {
      rec.add('risky', 'base-url-changed', `base URL changed from ${shownValue(urlBefore)} to ${shownValue(urlAfter)}`, {
        at, before: urlBefore, after: urlAfter,
      });
    }
  }

  const added = b.hosts.filter((h) => !a.hosts.includes(h));
  const removed = a.hosts.filter((h) => !b.hosts.includes(h));
  if (added.length > 0) rec.add('risky', 'hosts-added', `hosts added: ${shownList(added)}`, { at, after: added.join(' ') });
  if (removed.length > 0) rec.add('safe', 'hosts-removed', `hosts removed: ${shownList(removed)}`, { at, before: removed.join(' ') });

  if (!a.allowPrivateNetwork && b.allowPrivateNetwork) {
    rec.add('risky', 'private-network-allowed', 'allowPrivateNetwork turned on: requests may reach loopback and private addresses', { at });
  } else if (a.allowPrivateNetwork && !b.allowPrivateNetwork) {
    rec.add('safe', 'private-network-refused', 'allowPrivateNetwork turned off', { at });
  }
  if (a.timeoutMs !== b.timeoutMs) rec.add('safe', 'timeout-changed', `request timeout changed from ${a.timeoutMs} ms to ${b.timeoutMs} ms`, { at });
  if (fingerprint(a.rateBudget) !== fingerprint(b.rateBudget)) rec.add('safe', 'rate-budget-changed', 'rate budget changed', { at });
}

/** The host part of a base URL template, templates included: `{{connection.subdomain}}.acme.example`. */
function hostOf(url: string): string {
  const afterScheme = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  const end = afterScheme.search(/[/?#]/);
  return (end < 0 ? afterScheme : afterScheme.slice(0, end)).toLowerCase();
}

function diffCards(rec: ChangeRecorder, a: Connector, b: Connector): void {
  const before = cardsOf(a);
  const after = cardsOf(b);
  for (const name of unionNames(before, after)) {
    const x = before.get(name);
    const y = after.get(name);
    if (x && y && x.kind === y.kind) {
      diffCard(rec.forElement({ kind: y.kind, name }), x, y);
    } else if (x && y) {
      rec.forElement({ kind: x.kind, name }).add('breaking', 'card-kind-changed', `${x.kind} '${name}' became an ${y.kind}`, {
        at: y.origin, before: x.kind, after: y.kind, impact: { on: 'card' },
      });
    } else if (x) {
      rec.forElement({ kind: x.kind, name }).add('breaking', 'card-removed', `${x.kind} '${name}' removed`, { at: x.origin, impact: { on: 'card' } });
    } else if (y) {
      rec.forElement({ kind: y.kind, name }).add('safe', 'card-added', `${y.kind} '${name}' added`, { at: y.origin });
    }
  }
}

function diffCard(rec: ChangeRecorder, a: Card, b: Card): void {
  const texts = [a.title !== b.title && 'title', (a.help ?? '') !== (b.help ?? '') && 'help'].filter(Boolean);
  if (texts.length > 0) rec.add('safe', 'card-text-changed', `${texts.join(', ')} changed`, { at: b.origin });
  diffFields(rec, 'option', a.options, b.options);
  if (a.kind === 'action' && b.kind === 'action') diffAction(rec, a, b);
  diffFields(rec, 'output', a.outputs, b.outputs);
  if (fingerprint(a.dynamicFields) !== fingerprint(b.dynamicFields)) {
    rec.add('risky', 'dynamic-fields-changed', 'dynamic fields changed', { at: b.origin });
  }
  if (a.kind === 'event' && b.kind === 'event') diffEventSources(rec, a as EventCard, b as EventCard);
}

function diffAction(rec: ChangeRecorder, a: ActionCard, b: ActionCard): void {
  diffFields(rec, 'input', a.inputs, b.inputs);
  if (a.idempotent !== b.idempotent) {
    const message = b.idempotent
      ? 'idempotent turned on: failed POST and PATCH requests are now retried'
      : 'idempotent turned off: failed POST and PATCH requests are no longer retried';
    rec.add('risky', 'idempotent-changed', message, { at: b.origin });
  }
  diffSteps(rec, a.steps, b.steps, b.origin);
}

function diffHelpers(rec: ChangeRecorder, a: Connector, b: Connector): void {
  const before = new Map(Object.entries(a.helpers));
  const after = new Map(Object.entries(b.helpers));
  for (const name of unionNames(before, after)) {
    const x = before.get(name);
    const y = after.get(name);
    const r = rec.forElement({ kind: 'helper', name });
    if (x && y) diffHelper(r, x, y);
    else if (x) r.add('safe', 'helper-removed', `helper '${name}' removed`, { at: x.origin });
    else if (y) r.add('safe', 'helper-added', `helper '${name}' added`, { at: y.origin });
  }
}

function diffHelper(rec: ChangeRecorder, a: HelperFlow, b: HelperFlow): void {
  diffFields(rec, 'helper input', a.inputs, b.inputs);
  diffFields(rec, 'helper output', a.outputs, b.outputs);
  diffSteps(rec, a.steps, b.steps, b.origin);
}

function diffSystem(rec: ChangeRecorder, a: Connector, b: Connector): void {
  for (const name of ['authping', 'revoke'] as const) {
    const x: FlowBody | undefined = a.system[name];
    const y: FlowBody | undefined = b.system[name];
    const r = rec.forElement({ kind: 'system', name });
    if (x && y) diffSteps(r, x.steps, y.steps, y.origin);
    else if (x) r.add('safe', 'system-flow-removed', `system flow '${name}' removed`, { at: x.origin });
    else if (y) r.add('safe', 'system-flow-added', `system flow '${name}' added`, { at: y.origin });
  }
}

function cardsOf(c: Connector): Map<string, Card> {
  const out = new Map<string, Card>();
  for (const [name, card] of Object.entries(c.actions)) out.set(name, card);
  for (const [name, card] of Object.entries(c.events)) if (!out.has(name)) out.set(name, card);
  return out;
}

/** Names of the base in order, then the head's new ones in order. */
function unionNames<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): string[] {
  return [...before.keys(), ...[...after.keys()].filter((n) => !before.has(n))];
}
