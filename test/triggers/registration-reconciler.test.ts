import { expect } from 'chai';
import { createRegistrationReconciler, type RegistrationReconciler, type RegistrationReconcilerOptions } from '../../src/triggers/registration-reconciler.js';
import { backoffMs, renewalDue } from '../../src/triggers/registration-timing.js';
import { defaultPublicBaseUrl } from '../../src/triggers/registration-callback-url.js';
import { optionsHash } from '../../src/triggers/registration-desired.js';
import type { Registration } from '../../src/store/event-store.js';
import { createRig, silentLogger, type Rig } from './trigger-rig.js';
import { API_KEY, hookConnectorYaml, hookFlowYaml, startHookService, type HookService } from './registration-fixture.js';

const PUBLIC = 'https://hooks.example.test';
const HOUR = 3_600_000;

describe('webhook registration reconciler', () => {
  let service: HookService;
  let rig: Rig;
  let time: number;
  let reconciler: RegistrationReconciler | undefined;

  async function setUp(flows: Record<string, string>): Promise<void> {
    rig = await createRig({ 'connectors/hooksvc.yaml': hookConnectorYaml(service.url), ...flows });
    rig.store.connections.create('hooksvc', 'main', { apiKey: API_KEY }, ['apiKey']);
  }

  function start(extra: Partial<RegistrationReconcilerOptions> = {}): RegistrationReconciler {
    reconciler = createRegistrationReconciler({
      engine: rig.engine,
      store: rig.store.registrations,
      connections: rig.store.connections,
      model: rig.model,
      publicBaseUrl: PUBLIC,
      logger: silentLogger,
      now: () => time,
      backoff: { baseMs: 100, maxMs: 1000 },
      ...extra,
    });
    return reconciler;
  }

  beforeEach(async () => {
    service = await startHookService();
    time = Date.UTC(2026, 0, 1);
  });

  afterEach(async () => {
    await reconciler?.stop();
    reconciler = undefined;
    rig?.close();
    await service.close();
  });

  it('registers a new flow with its callback URL and the runtime secret, and stores what register returned', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a', { folder: 'sales' }) });
    const r = start();
    const report = await r.reconcile();
    expect(report.registered).to.deep.equal(['flow-a']);
    expect(report.failed).to.deep.equal([]);
    const stored = rig.store.registrations.get('flow-a')!;
    expect(stored.status).to.equal('active');
    expect(stored.output).to.deep.equal({ id: 'hook-1' });
    expect(stored.expiresAt).to.equal(time + HOUR);
    expect(service.created).to.deep.equal([{ id: 'hook-1', url: `${PUBLIC}/hooks/${stored.callbackToken}`, secret: stored.secret, folder: 'sales' }]);
    expect(r.status()).to.deep.equal([{
      flow: 'flow-a', connector: 'hooksvc', card: 'item_changed', connection: 'main', status: 'active',
      callbackUrl: `${PUBLIC}/hooks/${stored.callbackToken}`, attempts: 0, registeredAt: stored.registeredAt, expiresAt: time + HOUR,
    }]);
  });

  it('never creates a second remote hook: not on a second reconcile, not after a restart', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    await start().reconcile();
    const token = rig.store.registrations.get('flow-a')!.callbackToken;
    expect((await reconciler!.reconcile()).kept).to.deep.equal(['flow-a']);
    await reconciler!.stop();

    rig.reopen();
    const report = await start().reconcile();
    expect(report.kept).to.deep.equal(['flow-a']);
    expect(service.created).to.have.length(1);
    expect(service.hooks.size).to.equal(1);
    expect(rig.store.registrations.get('flow-a')!.callbackToken, 'the callback URL stays the same').to.equal(token);
  });

  it('on an options change deregisters the old hook first, then registers the new one under a new callback URL', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a', { folder: 'sales' }) });
    const r = start();
    await r.reconcile();
    const old = rig.store.registrations.get('flow-a')!;
    const model = await rig.reload({ 'flows/a.yaml': hookFlowYaml('flow-a', { folder: 'support' }) });
    const report = await r.reconcile(model, rig.engine);
    expect(report.registered).to.deep.equal(['flow-a']);
    expect(service.deleted).to.deep.equal(['hook-1']);
    expect([...service.hooks.values()].map((h) => h.folder)).to.deep.equal(['support']);
    const now = rig.store.registrations.get('flow-a')!;
    expect(now.output).to.deep.equal({ id: 'hook-2' });
    expect(now.callbackToken).to.not.equal(old.callbackToken);
    expect(now.optionsHash).to.equal(optionsHash({ folder: 'support' }));
    const log = service.log.filter((l) => l.includes('/hooks'));
    expect(log, 'deregister sees the options the hook was registered with').to.deep.equal(['POST /hooks', 'DELETE /hooks/hook-1?folder=sales', 'POST /hooks']);
  });

  it('a register whose answer was lost (the service made the hook, then answered 502): the retry finds that hook and adopts it', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a', { folder: 'sales' }) });
    service.lostCreates = 1;
    const r = start();
    const first = await r.reconcile();
    expect(first.failed.map((f) => f.error.code)).to.deep.equal(['HTTP_STATUS']);
    const failed = rig.store.registrations.get('flow-a')!;
    expect(failed.registerStartedAt, 'the interrupted attempt is remembered').to.be.a('number');
    expect(service.hooks.size, 'the service did make the hook').to.equal(1);

    time += 60_000; // past the backoff
    const second = await r.reconcile();
    expect(second.adopted).to.deep.equal(['flow-a']);
    expect(second.registered).to.deep.equal([]);
    expect(service.created, 'no second hook').to.have.length(1);
    const stored = rig.store.registrations.get('flow-a')!;
    expect(stored).to.include({ status: 'active', attempts: 0 });
    expect(stored.output).to.deep.equal({ id: 'hook-1' });
    expect(stored.registerStartedAt).to.equal(undefined);
    expect(service.log.filter((l) => l.includes('/hooks'))).to.deep.equal(['POST /hooks', 'GET /hooks']);

    // Adopted like a registered hook: removing the flow deletes it at the service.
    const report = await r.reconcile(await rig.reload({ 'flows/a.yaml': null }), rig.engine);
    expect(report.deregistered).to.deep.equal(['flow-a']);
    expect(service.hooks.size).to.equal(0);
  });

  it('after an interrupted attempt, registers again when find finds nothing (the service never made the hook)', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    const r = start();
    rig.store.registrations.upsertDesired({ flow: 'flow-a', connector: 'hooksvc', card: 'item_changed', connection: 'main', optionsHash: optionsHash({}) });
    rig.store.registrations.markRegistering('flow-a'); // killed before the request left
    const report = await r.reconcile();
    expect(report.registered).to.deep.equal(['flow-a']);
    expect(service.log.filter((l) => l.includes('/hooks'))).to.deep.equal(['GET /hooks', 'POST /hooks']);
    expect(service.created).to.have.length(1);
  });

  it('a flow removed after an interrupted registration: the hook that attempt made is found and deleted, not left behind', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a', { folder: 'sales' }) });
    service.lostCreates = 1;
    const r = start();
    await r.reconcile();
    expect(service.hooks.size).to.equal(1);
    time += 60_000; // past the backoff of the failed attempt
    const report = await r.reconcile(await rig.reload({ 'flows/a.yaml': null }), rig.engine);
    expect(report.deregistered).to.deep.equal(['flow-a']);
    expect(service.hooks.size, 'the orphan is gone').to.equal(0);
    expect(service.log.filter((l) => l.includes('/hooks')).slice(1)).to.deep.equal(['GET /hooks', 'DELETE /hooks/hook-1?folder=sales']);
    expect(rig.store.registrations.list()).to.deep.equal([]);
  });

  it('without a find flow, an interrupted attempt is registered again and the log says a second hook may exist', async () => {
    rig = await createRig({ 'connectors/hooksvc.yaml': hookConnectorYaml(service.url, { find: false }), 'flows/a.yaml': hookFlowYaml('flow-a') });
    rig.store.connections.create('hooksvc', 'main', { apiKey: API_KEY }, ['apiKey']);
    service.lostCreates = 1;
    const warnings: string[] = [];
    const r = start({ logger: { ...silentLogger, warn: (_fields, message) => warnings.push(message) } });
    await r.reconcile();
    time += 60_000;
    const report = await r.reconcile();
    expect(report.registered).to.deep.equal(['flow-a']);
    expect(service.created, 'the service now holds two hooks for one flow').to.have.length(2);
    expect(warnings.some((w) => w.includes('has no find flow') && w.includes('flow-a'))).to.equal(true);
  });

  it('deregisters and forgets flows that were removed or disabled', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a'), 'flows/b.yaml': hookFlowYaml('flow-b') });
    const r = start();
    await r.reconcile();
    expect(service.hooks.size).to.equal(2);
    const model = await rig.reload({ 'flows/a.yaml': null, 'flows/b.yaml': hookFlowYaml('flow-b', { enabled: false }) });
    const report = await r.reconcile(model, rig.engine);
    expect(report.deregistered).to.deep.equal(['flow-a', 'flow-b']);
    expect(service.hooks.size).to.equal(0);
    expect(service.deleted.sort()).to.deep.equal(['hook-1', 'hook-2']);
    expect(rig.store.registrations.list()).to.deep.equal([]);
  });

  it('retries a failed registration with exponential backoff and shows the failure in status', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    service.failCreates = 2;
    const r = start();
    const first = await r.reconcile();
    expect(first.failed.map((f) => [f.flow, f.error.code])).to.deep.equal([['flow-a', 'HTTP_STATUS']]);
    let [view] = r.status();
    expect(view).to.include({ status: 'failed', attempts: 1, nextAttemptAt: time + 100 });
    expect(view.lastError?.code).to.equal('HTTP_STATUS');
    expect(JSON.stringify(view)).to.not.contain(API_KEY);

    time += 50;
    expect((await r.reconcile()).waiting, 'not due yet: no request').to.deep.equal(['flow-a']);
    expect(service.log).to.have.length(1);

    time += 50;
    await r.reconcile();
    [view] = r.status();
    expect(view).to.include({ status: 'failed', attempts: 2, nextAttemptAt: time + 200 });

    time += 200;
    expect((await r.reconcile()).registered).to.deep.equal(['flow-a']);
    [view] = r.status();
    expect(view).to.include({ status: 'active', attempts: 0 });
    expect(view.lastError).to.equal(undefined);
    expect(service.created).to.have.length(1);
  });

  it('fails with CONNECTION_NOT_FOUND when the flow names a connection that does not exist', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a', { connection: 'missing' }) });
    const report = await start().reconcile();
    expect(report.failed.map((f) => f.error.code)).to.deep.equal(['CONNECTION_NOT_FOUND']);
    expect(service.log).to.deep.equal([]);
  });

  it('renews an active registration within its margin: deregister, then register under the same callback URL', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    const r = start();
    await r.reconcile();
    const registered = rig.store.registrations.get('flow-a')!;
    const t0 = time;
    time = t0 + 50 * 60_000; // margin of a 1 h lifetime: 6 min
    expect((await r.reconcile()).kept).to.deep.equal(['flow-a']);
    time = t0 + 55 * 60_000;
    expect((await r.reconcile()).renewed).to.deep.equal(['flow-a']);
    expect(service.deleted).to.deep.equal(['hook-1']);
    expect([...service.hooks.keys()]).to.deep.equal(['hook-2']);
    const renewed = rig.store.registrations.get('flow-a')!;
    expect(renewed.callbackToken).to.equal(registered.callbackToken);
    expect(renewed.expiresAt).to.equal(time + HOUR);
    expect(service.created[1].url).to.equal(service.created[0].url);
  });

  it('a renewal whose deregister fails is retried later and still deregisters before registering', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    const r = start();
    await r.reconcile();
    time += 59 * 60_000;
    service.failDeletes = 1;
    const report = await r.reconcile();
    expect(report.failed.map((f) => f.flow)).to.deep.equal(['flow-a']);
    expect(service.created, 'no second hook while the first may be alive').to.have.length(1);
    time += 100;
    expect((await r.reconcile()).registered).to.deep.equal(['flow-a']);
    expect(service.deleted).to.deep.equal(['hook-1']);
    expect([...service.hooks.keys()]).to.deep.equal(['hook-2']);
  });

  it('after a crash in the middle of a renewal (row left deregistering) deregisters the old hook, then registers', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    await start().reconcile();
    await reconciler!.stop();
    rig.store.registrations.markDeregistering('flow-a');
    rig.reopen();
    const report = await start().reconcile();
    expect(report.registered).to.deep.equal(['flow-a']);
    expect(service.deleted).to.deep.equal(['hook-1']);
    expect([...service.hooks.keys()]).to.deep.equal(['hook-2']);
    expect(rig.store.registrations.get('flow-a')!.status).to.equal('active');
  });

  it('takes a 404 from deregister as "already gone"', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    const r = start();
    await r.reconcile();
    service.hooks.clear(); // the service dropped it on its own
    const report = await r.reconcile(await rig.reload({ 'flows/a.yaml': null }), rig.engine);
    expect(report.deregistered).to.deep.equal(['flow-a']);
    expect(rig.store.registrations.get('flow-a')).to.equal(undefined);
  });

  it('deregisterAll deregisters the chosen flows (or all), due or not', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a'), 'flows/b.yaml': hookFlowYaml('flow-b'), 'flows/c.yaml': hookFlowYaml('flow-c') });
    const r = start();
    await r.reconcile();
    expect((await r.deregisterAll(['flow-b'])).deregistered).to.deep.equal(['flow-b']);
    expect(rig.store.registrations.list().map((x) => x.flow)).to.deep.equal(['flow-a', 'flow-c']);
    expect((await r.deregisterAll()).deregistered).to.deep.equal(['flow-a', 'flow-c']);
    expect(service.hooks.size).to.equal(0);
  });

  it('the renewal timer retries due registrations by itself', async () => {
    await setUp({ 'flows/a.yaml': hookFlowYaml('flow-a') });
    service.failCreates = 1;
    const r = start({ checkIntervalMs: 10, now: Date.now, backoff: { baseMs: 1, maxMs: 1 } });
    expect((await r.reconcile()).failed).to.have.length(1);
    r.startRenewalTimer();
    for (let i = 0; i < 500 && r.status()[0].status !== 'active'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.status()[0].status).to.equal('active');
    expect(service.created).to.have.length(1);
  });
});

describe('registration timing', () => {
  it('backs off 1 s, 2 s, 4 s ... up to 5 minutes by default', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n))).to.deep.equal([1000, 2000, 4000, 8000]);
    expect(backoffMs(20)).to.equal(300_000);
    expect(backoffMs(1000)).to.equal(300_000);
  });

  it('renews within 10% of the lifetime, at least a minute before expiry', () => {
    const r = (expiresAt: number): Registration => ({
      flow: 'f', connector: 'c', card: 'e', connection: 'x', optionsHash: 'h', callbackToken: 't', status: 'active', secret: 's',
      attempts: 0, registeredAt: 0, expiresAt, updatedAt: 0,
    });
    const week = 7 * 24 * HOUR;
    expect(renewalDue(r(week), week - 0.11 * week, week)).to.equal(false);
    expect(renewalDue(r(week), week - 0.09 * week, week)).to.equal(true);
    expect(renewalDue(r(10 * 60_000), 10 * 60_000 - 61_000, 10 * 60_000), '10 min lifetime: one minute margin').to.equal(false);
    expect(renewalDue(r(10 * 60_000), 10 * 60_000 - 59_000, 10 * 60_000)).to.equal(true);
  });

  it('builds the default public base URL from the listening address', () => {
    expect(defaultPublicBaseUrl('127.0.0.1', 8080)).to.equal('http://127.0.0.1:8080');
    expect(defaultPublicBaseUrl('::1', 8080)).to.equal('http://[::1]:8080');
  });
});
