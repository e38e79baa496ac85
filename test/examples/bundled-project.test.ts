// The bundled example project (connectors/ and flows/) must load cleanly, and its webhook and helper
// expressions must turn real-shaped payloads (GitHub, Okta) into the records and answers the docs promise.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/project/load-project.js';
import type { Connector, Expression, ProjectModel, ReturnStep, MapStep, Step } from '../../src/model/model.js';
import { generateConnectorProject } from '../../bench/support/generate-connector-project.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(path.join(repoRoot, 'test/fixtures/examples', name), 'utf8')) as unknown;

function stepWithId(steps: readonly Step[], id: string): Step {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step '${id}'`);
  return step;
}

function returnField(steps: readonly Step[], field: string): Expression {
  const step = steps.find((s): s is ReturnStep => s.kind === 'return');
  if (!step || 'evaluate' in step.value) throw new Error('no field-wise return step');
  const value = (step.value as Readonly<Record<string, Expression>>)[field];
  if (!value) throw new Error(`return has no '${field}'`);
  return value;
}

describe('bundled example project', () => {
  let model: ProjectModel;
  let github: Connector;
  let okta: Connector;

  before(async () => {
    const loaded = await loadProject(repoRoot);
    expect(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)).to.deep.equal([]);
    expect(loaded.model, 'model').to.not.equal(undefined);
    model = loaded.model!;
    github = model.connectors.get('github')!;
    okta = model.connectors.get('okta')!;
  });

  it('defines the four connectors and four flows, every flow disabled until connections exist', () => {
    expect([...model.connectors.keys()].sort()).to.deep.equal(['files-demo', 'github', 'okta', 'okta-oauth']);
    expect([...model.flows.keys()].sort()).to.deep.equal([
      'github-issue-to-okta-user', 'manual-create-user', 'nightly-repo-report', 'okta-user-created-comment',
    ]);
    for (const flow of model.flows.values()) expect(flow.enabled, flow.name).to.equal(false);
    expect(model.flows.get('nightly-repo-report')!.trigger).to.include({ type: 'schedule', cron: '0 30 2 * * *', timezone: 'Europe/Berlin' });
  });

  describe('github issue_opened webhook', () => {
    it('turns an issues/opened delivery into one record', async () => {
      const body = await fixture('github-issues-opened.json');
      const records = await github.events.issue_opened!.webhook!.records.evaluate({
        headers: { 'x-github-event': 'issues', 'x-github-delivery': 'd-1' }, query: {}, body,
      });
      expect(records).to.deep.equal({
        number: 7,
        title: 'Access for Jane',
        body: 'Email: jane@example.com\nFirst name: Jane\nLast name: Doe',
        author: 'jdoe',
        labels: ['access-request'],
        url: 'https://github.com/acme/access-requests/issues/7',
        repository: 'acme/access-requests',
        createdAt: '2026-11-23T18:00:00Z',
      });
    });

    it('emits nothing for other issue actions', async () => {
      const body = { ...(await fixture('github-issues-opened.json') as object), action: 'closed' };
      const records = await github.events.issue_opened!.webhook!.records.evaluate({ headers: { 'x-github-event': 'issues' }, query: {}, body });
      expect(records).to.deep.equal([]);
    });

    it('answers the ping handshake, verifies sha256 signatures and dedupes by delivery id', async () => {
      const hook = github.events.issue_opened!.webhook!;
      const ping = { headers: { 'x-github-event': 'ping' }, query: {}, body: { zen: 'Keep it logically awesome.', hook_id: 1 } };
      expect(await hook.handshake[0]!.when.evaluate(ping)).to.equal(true);
      expect(hook.handshake[0]!.status).to.equal(200);
      expect(await hook.handshake[0]!.when.evaluate({ ...ping, headers: { 'x-github-event': 'issues' } })).to.equal(false);
      expect(hook.verify).to.include({ scheme: 'hmac-sha256', header: 'X-Hub-Signature-256', prefix: 'sha256=', encoding: 'hex' });
      expect(await hook.dedupeKey!.evaluate({ headers: { 'x-github-delivery': 'abc-123' }, query: {}, body: {} })).to.equal('abc-123');
    });
  });

  it('github list_issues_page reads the last page number from the Link header', async () => {
    const last = stepWithId(github.helpers.list_issues_page!.steps, 'last') as MapStep;
    const link = '<https://api.github.com/repositories/1/issues?state=open&per_page=100&page=2>; rel="next", '
      + '<https://api.github.com/repositories/1/issues?state=open&per_page=100&page=7>; rel="last"';
    expect(await last.expr.evaluate({ inputs: { page: 1 }, steps: { page: { headers: { link } } } })).to.equal(7);
    expect(await last.expr.evaluate({ inputs: { page: 1 }, steps: { page: { headers: {} } } })).to.equal(1);
  });

  describe('okta user_lifecycle event hook', () => {
    it('answers the one-time verification challenge', async () => {
      const [handshake] = okta.events.user_lifecycle!.webhook!.handshake;
      const request = { headers: { 'x-okta-verification-challenge': 'Nq7ZkGz' }, query: {}, body: undefined };
      expect(await handshake!.when.evaluate(request)).to.equal(true);
      expect(await handshake!.body!.evaluate(request)).to.deep.equal({ verification: 'Nq7ZkGz' });
      expect(await handshake!.when.evaluate({ headers: {}, query: {}, body: {} })).to.equal(false);
    });

    it('keeps only user lifecycle events of a delivery', async () => {
      const body = await fixture('okta-event-hook.json');
      const hook = okta.events.user_lifecycle!.webhook!;
      expect(await hook.records.evaluate({ headers: {}, query: {}, body })).to.deep.equal([{
        eventId: '4d0e8f6b-1b2c-11f0-9a5b-0d3f1c2e4a11',
        eventType: 'user.lifecycle.create',
        userId: '00unew',
        login: 'jane@example.com',
        displayName: 'Jane Doe',
        actor: 'admin@example.com',
        published: '2026-11-23T18:00:00.123Z',
      }]);
      expect(await hook.dedupeKey!.evaluate({ headers: {}, query: {}, body })).to.equal('b5a188b9-5ece-4636-b041-482ffda96311');
      expect(hook.verify).to.include({ scheme: 'shared-secret', header: 'Authorization' });
    });
  });

  it('okta user_profile_fields turns the user schema into field definitions, leaving out declared inputs', async () => {
    const schema = await fixture('okta-user-schema.json');
    const fields = await returnField(okta.helpers.user_profile_fields!.steps, 'fields').evaluate({ steps: { schema: { body: schema } } });
    expect(fields).to.deep.equal({
      department: { title: 'Department', type: 'text', list: false, required: false },
      isContractor: { title: 'Contractor', help: 'Works for an agency', type: 'boolean', list: false, required: false },
      costCenters: { title: 'Cost centers', type: 'number', list: true, required: false },
      badgeId: { title: 'Badge', type: 'text', list: false, required: true },
    });
  });

  it('okta user_created polling moves its cursor to the newest event, or keeps it when there is none', async () => {
    const polling = okta.events.user_created!.polling!;
    const cursor = returnField(polling.steps, 'cursor');
    const events = (await fixture('okta-event-hook.json') as { data: { events: unknown[] } }).data.events;
    expect(await cursor.evaluate({ steps: { since: '2026-11-23T00:00:00Z', logs: { body: events } } })).to.equal('2026-11-23T18:00:00.456Z');
    expect(await cursor.evaluate({ steps: { since: '2026-11-23T00:00:00Z', logs: { body: [] } } })).to.equal('2026-11-23T00:00:00Z');
    const since = stepWithId(polling.steps, 'since') as MapStep;
    expect(await since.expr.evaluate({ cursor: '2026-11-20T10:00:00.000Z' })).to.equal('2026-11-20T10:00:00.000Z');
    expect(await since.expr.evaluate({ cursor: null })).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('the access-request flow reads email and names from the issue body', async () => {
    const flow = model.flows.get('github-issue-to-okta-user')!;
    const request = stepWithId(flow.steps, 'request') as MapStep;
    const trigger = { body: 'Hi!\r\nEmail: Jane@Example.com \r\nFirst name:  Jane Anne\nLast name: Doe\n' };
    expect(await request.expr.evaluate({ trigger })).to.deep.equal({ email: 'jane@example.com', firstName: 'Jane Anne', lastName: 'Doe' });
    expect(await request.expr.evaluate({ trigger: { body: null } })).to.deep.equal({});
  });
});

describe('bench project generator', () => {
  it('generates connector files that load without a single diagnostic', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'bench-gen-'));
    try {
      await generateConnectorProject(root, 2, 20);
      const loaded = await loadProject(root);
      expect(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)).to.deep.equal([]);
      const connector = loaded.model!.connectors.get('bench-0001')!;
      expect(Object.keys(connector.actions).length + Object.keys(connector.events).length).to.equal(20);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
