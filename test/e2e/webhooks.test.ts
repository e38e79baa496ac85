// Webhook ingress of a running `runtime start`: signed deliveries are stored, then executed; a tampered one is
// refused; a repeated delivery id runs once; a verification challenge is answered without storing anything.
import { expect } from 'chai';
import { useE2eWorld, type E2eProject } from './e2e-project.js';
import { type FakeSaas, type Hook } from './fake-saas.js';
import { RuntimeProcess } from './runtime-process.js';
import { request, sendDelivery } from './send-delivery.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): webhook deliveries', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;
  let runtime: RuntimeProcess;
  let hook: Hook;

  useE2eWorld(async (world) => {
    ({ saas, project } = world);
      runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
      hook = saas.created[0]!;
  });

  const webhookEvents = () => project.read((s) => s.events.list({ flow: 'on-pushed', limit: 1000 }));

  it('accepts a signed delivery (2xx after it is stored) and executes the flow on it', async () => {
    const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: 'd-1', record: { id: 'r-1', title: 'First' } });
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ received: 1, duplicates: 0 });
    // Acknowledged means stored: the event is there whatever the worker has done with it yet.
    expect(webhookEvents().map((e) => e.dedupeKey)).to.deep.equal(['d-1']);

    await waitUntil(() => webhookEvents()[0]?.status === 'succeeded', { what: () => `the event to succeed; logs:\n${runtime.describe()}` });
    expect(saas.results).to.deep.equal([{ source: 'webhook', key: 'r-1' }]);
    const event = webhookEvents()[0]!;
    expect(event.payload).to.deep.equal({ id: 'r-1', title: 'First' });
    const execution = project.read((s) => s.executions.show(event.executionId!));
    expect(execution).to.include({ kind: 'flow', target: 'on-pushed', status: 'succeeded' });

    const metrics = await request('GET', `${runtime.url}/metrics`, undefined);
    expect(metrics.body).to.match(/^runtime_webhook_requests_total\{flow="on-pushed",status="200"\} 1$/m);
    expect(metrics.body).to.match(/^runtime_flow_executions_total\{flow="on-pushed",outcome="succeeded"\} 1$/m);
    expect((await request('GET', `${runtime.url}/health`, undefined)).status).to.equal(200);
    expect(await runtime.stop()).to.equal(0);
  });

  it('rejects a delivery whose body does not match its signature with 401 and stores nothing', async () => {
    const answer = await sendDelivery(hook.url, hook.secret, {
      deliveryId: 'd-tampered',
      record: { id: 'r-evil', title: 'Changed in transit' },
      signedText: JSON.stringify({ type: 'record.pushed', record: { id: 'r-evil', title: 'Original' } }),
    });
    expect(answer.status).to.equal(401);
    const unsigned = await request('POST', hook.url, JSON.stringify({ record: { id: 'r-unsigned', title: 'x' } }), { 'x-saas-delivery': 'd-unsigned' });
    expect(unsigned.status).to.equal(401);
    const wrongSecret = await sendDelivery(hook.url, 'not-the-secret', { deliveryId: 'd-wrong', record: { id: 'r-wrong', title: 'x' } });
    expect(wrongSecret.status).to.equal(401);
    expect(webhookEvents()).to.deep.equal([]);
    // The ingress keeps working for genuine deliveries.
    expect((await sendDelivery(hook.url, hook.secret, { deliveryId: 'd-ok', record: { id: 'r-ok', title: 'ok' } })).status).to.equal(200);
    await waitUntil(() => saas.resultCount('webhook', 'r-ok') === 1, { what: () => 'the genuine delivery to run' });
    expect(saas.results.map((r) => r.key)).to.deep.equal(['r-ok']);
  });

  it('dedupes a replayed delivery (same delivery id): answered 200 as a duplicate, executed once', async () => {
    const delivery = { deliveryId: 'd-twice', record: { id: 'r-twice', title: 'Twice' } };
    const first = await sendDelivery(hook.url, hook.secret, delivery);
    await waitUntil(() => saas.resultCount('webhook', 'r-twice') === 1, { what: () => 'the first delivery to run' });
    const again = await sendDelivery(hook.url, hook.secret, delivery);
    const parallel = await Promise.all([1, 2, 3].map(() => sendDelivery(hook.url, hook.secret, delivery)));
    expect(first.status).to.equal(200);
    expect(JSON.parse(again.body)).to.deep.equal({ received: 0, duplicates: 1 });
    for (const answer of parallel) expect(JSON.parse(answer.body)).to.deep.equal({ received: 0, duplicates: 1 });

    // A later, different delivery is executed: once it is, the duplicates would have run too if they ever were.
    await sendDelivery(hook.url, hook.secret, { deliveryId: 'd-next', record: { id: 'r-next', title: 'Next' } });
    await waitUntil(() => saas.resultCount('webhook', 'r-next') === 1, { what: () => 'the next delivery to run' });
    expect(saas.resultCount('webhook', 'r-twice')).to.equal(1);
    expect(webhookEvents().filter((e) => e.dedupeKey === 'd-twice')).to.have.length(1);
  });

  it('answers the verification challenge (handshake) without storing an event', async () => {
    const answer = await request('GET', hook.url, undefined, { 'x-saas-challenge': 'prove-it-42' });
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ challenge: 'prove-it-42' });
    const posted = await request('POST', hook.url, '{}', { 'x-saas-challenge': 'again-43' });
    expect(JSON.parse(posted.body)).to.deep.equal({ challenge: 'again-43' });
    expect(webhookEvents()).to.deep.equal([]);
    // An unknown callback token is not a hook at all.
    const unknown = await request('GET', `${runtime.url}/hooks/${'A'.repeat(43)}`, undefined, { 'x-saas-challenge': 'x' });
    expect(unknown.status).to.equal(404);
  });
});
