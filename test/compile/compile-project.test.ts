// A complete, valid project compiles to a deep-frozen model with origins, defaults and implied fields.
import { expect } from 'chai';
import path from 'node:path';
import { FrozenMap } from '../../src/compile/freeze-model.js';
import type { ActionCard, CodeStep, ForEachStep, IfStep, ProjectModel, RequestStep, TemplateValue } from '../../src/model/model.js';
import { compileTexts, fixtureTexts, FIXTURES, golden } from './compile-fixture.js';

const ROOT = path.join(FIXTURES, 'valid');

function compileValid(): ProjectModel {
  const result = compileTexts(fixtureTexts('valid'), { root: ROOT });
  expect(golden(result.diagnostics)).to.deep.equal([]);
  expect(result.model).to.not.equal(undefined);
  return result.model!;
}

/** Every plain object and array reachable from the model, with the path to it (for readable failures). */
function plainValues(value: unknown, at: string, out: [string, object][], seen = new Set<object>()): [string, object][] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Map) {
    out.push([at, value]);
    for (const [k, v] of value) plainValues(v, `${at}.get(${String(k)})`, out, seen);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return out;
  out.push([at, value]);
  for (const [k, v] of Object.entries(value)) plainValues(v, `${at}.${k}`, out, seen);
  return out;
}

describe('compileProject: a valid project', () => {
  it('returns a model with every connector and flow', () => {
    const model = compileValid();
    expect(model.root).to.equal(ROOT);
    expect([...model.connectors.keys()]).to.deep.equal(['acme', 'okta']);
    expect([...model.flows.keys()].sort()).to.deep.equal(['by-hand', 'new-ticket-to-okta', 'nightly', 'okta-new-user']);
  });

  it('is deep-frozen, maps included, but leaves compiled expressions and templates alone', () => {
    const model = compileValid();
    const all = plainValues(model, 'model', []);
    expect(all.length).to.be.greaterThan(200);
    const unfrozen = all.filter(([, v]) => !Object.isFrozen(v)).map(([at]) => at);
    expect(unfrozen).to.deep.equal([]);
    expect(model.connectors).to.be.instanceOf(FrozenMap);
    expect(() => (model.connectors as Map<string, unknown>).set('x', {})).to.throw(TypeError, /read-only/);
    expect(() => (model.flows as Map<string, unknown>).delete('nightly')).to.throw(TypeError);
    const ret = model.connectors.get('acme')!.actions.create_ticket!.steps[3]!;
    expect(ret.kind).to.equal('return');
    const expr = (ret as { value: Record<string, object> }).value.id!;
    expect(Object.isFrozen(expr)).to.equal(false);
  });

  it('gives every element its origin: names point at their key, steps at the list item', () => {
    const acme = compileValid().connectors.get('acme')!;
    expect(acme.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 2, column: 1 });
    expect(acme.actions.create_ticket!.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 23, column: 3 });
    expect(acme.actions.create_ticket!.options.priority!.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 27, column: 7 });
    const [created, upload, signed] = acme.actions.create_ticket!.steps;
    expect(created!.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 43, column: 9 });
    expect((upload as IfStep).then[1]!.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 63, column: 15 });
    expect(signed!.origin.line).to.equal(64);
    // Expressions and templates point at their text.
    expect((created as RequestStep).url.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 46, column: 16 });
    expect(acme.events.ticket_created!.webhook!.register.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 101, column: 7 });
  });

  it('applies the format defaults', () => {
    const model = compileValid();
    const acme = model.connectors.get('acme')!;
    const create = acme.actions.create_ticket!;
    expect(create.inputs.tags).to.include({ name: 'tags', title: 'tags', type: 'text', list: true, required: false });
    expect(create.inputs.subject).to.include({ title: 'Subject', required: true, list: false });
    expect(create.inputs.customer!.fields!.email).to.include({ title: 'email', required: true });
    expect(create.options.priority!.choices).to.deep.equal([
      { value: 'low', label: 'low' }, { value: 'normal', label: 'normal' }, { value: 'high', label: 'high' },
    ]);
    expect(create.options.priority!.default).to.equal('normal');
    expect(create.idempotent).to.equal(false);
    expect(acme.timeoutMs).to.equal(20_000);
    expect(acme.rateBudget).to.deep.equal({ requests: 100, perMs: 60_000 });
    expect(acme.allowPrivateNetwork).to.equal(false);

    const created = create.steps[0] as RequestStep;
    expect(created).to.include({ method: 'POST', response: 'json', timeoutMs: 20_000 });
    const page = acme.actions.list_tickets!.steps[0] as RequestStep;
    expect(page.timeoutMs).to.equal(5_000);
    expect(page.paginate).to.include({ style: 'cursor', cursorParam: 'cursor', maxPages: 10 });
    expect(acme.actions.list_tickets!.dynamicFields).to.deep.equal({ flow: 'ticket_fields', target: 'inputs', ttlMs: 600_000 });

    const webhook = acme.events.ticket_created!.webhook!;
    expect(webhook.verify).to.include({ scheme: 'hmac-sha256', encoding: 'hex', toleranceMs: 300_000, header: 'X-Acme-Signature' });
    expect(webhook.maxBodyBytes).to.equal(1024 * 1024);
    expect(webhook.lifetimeMs).to.equal(7 * 86_400_000);
    expect(webhook.handshake[0]!.status).to.equal(200);
    expect(acme.events.ticket_created!.polling).to.include({ schedule: '0 */5 * * * *', timezone: 'UTC', dedupeWindow: 10_000 });

    const each = acme.helpers.list_all!.steps[0] as ForEachStep;
    expect(each).to.include({ as: 'n', concurrency: 2 });
    const nightly = model.flows.get('nightly')!;
    expect(nightly.steps[0]).to.include({ kind: 'forEach', as: 'item', concurrency: 1 });
    expect(nightly).to.include({ enabled: false, title: 'nightly' });
    expect(nightly.retry).to.deep.equal({ attempts: 5, backoffMs: 120_000 });
    expect(nightly.trigger).to.include({ type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });

    const byHand = model.flows.get('by-hand')!;
    expect(byHand).to.include({ enabled: true, concurrency: 1 });
    expect(byHand.retry).to.deep.equal({ attempts: 3, backoffMs: 30_000 });
    expect(byHand.trigger.type).to.equal('manual');
  });

  it('picks the trigger source: the webhook when the event has one, else polling', () => {
    const model = compileValid();
    expect(model.flows.get('new-ticket-to-okta')!.trigger).to.include({ type: 'event', connector: 'acme', card: 'ticket_created', via: 'webhook' });
    expect(model.flows.get('okta-new-user')!.trigger).to.deep.include({ via: 'polling', schedule: '0 * * * *', initial: { last: 10 } });
    const action = model.flows.get('new-ticket-to-okta')!.steps[0]!;
    expect(action).to.deep.include({ kind: 'action', connector: 'okta', card: 'create_user', connection: 'my-okta', options: { activate: true } });
  });

  it('adds the connection fields the auth scheme implies before the declared ones', () => {
    const okta = compileValid().connectors.get('okta')!;
    expect(Object.keys(okta.connectionFields)).to.deep.equal(['clientId', 'clientSecret', 'domain']);
    expect(okta.connectionFields.clientId).to.include({ type: 'text', required: true });
    // Required only for client_credentials; this connector uses authorization_code.
    expect(okta.connectionFields.clientSecret).to.include({ type: 'secret', required: false });
    expect(okta.auth).to.deep.include({ type: 'oauth2', grant: 'authorization_code', pkce: true, scopeSeparator: ' ', clientAuth: 'body', refresh: true });
    const acme = compileValid().connectors.get('acme')!;
    expect(Object.keys(acme.connectionFields)).to.deep.equal(['subdomain', 'apiKey']);
  });

  it('resolves code modules to absolute paths inside the root', () => {
    const acme = compileValid().connectors.get('acme')!;
    const code = acme.actions.create_ticket!.steps[2] as CodeStep;
    expect(code).to.include({ kind: 'code', module: path.join(ROOT, 'code', 'sign.ts'), export: 'sign' });
  });

  it('compiles expressions and templates that run', async () => {
    const acme = compileValid().connectors.get('acme')!;
    expect(acme.baseUrl.render({ connection: { subdomain: 'help' } })).to.equal('https://help.acme.example/api/v2');
    const card: ActionCard = acme.actions.create_ticket!;
    const created = card.steps[0] as RequestStep;
    expect(created.body?.type).to.equal('json');
    const json = (created.body as { value: TemplateValue }).value;
    expect(json.t).to.equal('object');
    expect((json as { entries: Record<string, TemplateValue> }).entries.count).to.deep.equal({ t: 'literal', value: 3 });
    const ret = card.steps[3]! as { value: Record<string, { evaluate(s: object): Promise<unknown> }> };
    expect(await ret.value.id!.evaluate({ steps: { created: { body: { id: 42 } } } })).to.equal(42);
  });
});
