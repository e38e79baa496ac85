// `runtime start` against the fake SaaS: remote webhook subscriptions follow the project, across restarts and
// `--watch` edits, and a restart never creates a second remote hook.
import { expect } from 'chai';
import { useE2eWorld, freePort, type E2eProject } from './e2e-project.js';
import type { FakeSaas } from './fake-saas.js';
import { runCli, RuntimeProcess } from './runtime-process.js';
import { sendDelivery } from './send-delivery.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): webhook registrations', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;

  useE2eWorld((world) => {
    ({ saas, project } = world);
  });

  it('registers the webhook flow on start, with an unguessable callback URL under the public base URL', async () => {
    const runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
    // Registration is reconciled before the service says it started.
    expect(saas.created).to.have.length(1);
    const hook = saas.created[0]!;
    expect(hook.url).to.match(new RegExp(`^${escape(runtime.publicBaseUrl)}/hooks/[A-Za-z0-9_-]{43}$`));
    const stored = project.read((s) => s.registrations.get('on-pushed'));
    expect(stored).to.include({ status: 'active', connector: 'saas', card: 'record_pushed', connection: 'main' });
    expect(stored!.output).to.deep.equal({ id: hook.id, secret: hook.secret });
    expect(hook.secret, 'the runtime generated secret was offered to register').to.equal(stored!.secret);
    expect(runtime.find('webhook registrations reconciled')).to.have.property('registered').that.deep.equals(['on-pushed']);
    expect(await runtime.stop()).to.equal(0);
    expect(runtime.stray, 'stdout holds only JSON log lines').to.deep.equal([]);
    expect(`${runtime.stderr}${JSON.stringify(runtime.logs)}`, 'the signing secret is never logged').to.not.contain(hook.secret);
  });

  it('keeps the registration over a restart: no second remote hook, and the same callback URL still delivers', async () => {
    const port = await freePort();
    const first = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    expect(saas.created).to.have.length(1);
    expect(await first.stop()).to.equal(0);

    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    expect(saas.created, 'creates after the restart').to.have.length(1);
    expect(saas.deleted).to.deep.equal([]);
    expect(second.find('webhook registrations reconciled')).to.have.property('kept').that.deep.equals(['on-pushed']);

    const hook = saas.created[0]!;
    const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: 'after-restart', record: { id: 'r-1', title: 'one' } });
    expect(answer.status).to.equal(200);
    await waitUntil(() => saas.resultCount('webhook', 'r-1') === 1, { what: () => 'the delivery to be executed' });
    expect(await second.stop()).to.equal(0);
  });

  it('a kill -9 while the service creates the hook: the restart finds that hook (find flow) and keeps it, no second one', async () => {
    const port = await freePort();
    saas.holdHookCreates = true;
    const first = RuntimeProcess.spawn({ project: project.root, dataDir: project.dataDir, port });
    await saas.held(); // register's POST /hooks reached the service
    await first.crash();
    saas.release(); // the service finishes creating the hook; nobody hears the answer
    await waitUntil(() => saas.created.length === 1, { what: () => 'the service to create the hook' });
    const hook = saas.created[0]!;
    const status = await runCli(['status', '--json', '--project', project.root, '--data-dir', project.dataDir], project.root);
    const state = (JSON.parse(status.stdout) as { flows: { flow: string; state: string }[] }).flows.find((f) => f.flow === 'on-pushed')?.state;
    expect(state).to.equal('registration pending; an earlier attempt was interrupted: the next one looks for its hook first');

    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    expect(saas.created, 'creates after the restart').to.have.length(1);
    expect(second.find('webhook registrations reconciled')).to.have.property('adopted').that.deep.equals(['on-pushed']);
    const stored = project.read((s) => s.registrations.get('on-pushed'));
    expect(stored).to.include({ status: 'active' });
    expect(stored!.output).to.deep.equal({ id: hook.id, secret: hook.secret });
    const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: 'after-crash', record: { id: 'r-adopted', title: 'adopted' } });
    expect(answer.status).to.equal(200);
    await waitUntil(() => saas.resultCount('webhook', 'r-adopted') === 1, { what: () => 'the delivery to be executed' });
    expect(await second.stop()).to.equal(0);
  });

  it('moves the remote hook when the public URL changed (a new tunnel address): the old one is deleted, one stays', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const first = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port: portA });
    const old = saas.created[0]!;
    expect(await first.stop()).to.equal(0);

    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port: portB });
    expect(saas.deleted).to.deep.equal([old.id]);
    expect(saas.hooks.size).to.equal(1);
    const moved = [...saas.hooks.values()][0]!;
    expect(moved.url.startsWith(`${second.publicBaseUrl}/hooks/`), moved.url).to.equal(true);
    expect(new URL(moved.url).pathname, 'the callback token is kept').to.equal(new URL(old.url).pathname);
    const answer = await sendDelivery(moved.url, moved.secret, { deliveryId: 'moved', record: { id: 'r-moved', title: 'moved' } });
    expect(answer.status).to.equal(200);

    // Unchanged from here on: the next restart on the same address keeps it.
    expect(await second.stop()).to.equal(0);
    const third = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port: portB });
    expect(saas.created).to.have.length(2);
    expect(await third.stop()).to.equal(0);
  });

  it('deregisters the remote hook when the flow is removed from the project (next start)', async () => {
    const port = await freePort();
    const first = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    const hook = saas.created[0]!;
    expect(await first.stop()).to.equal(0);

    project.remove('flows/on-pushed.yaml');
    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    expect(saas.deleted).to.deep.equal([hook.id]);
    expect(saas.hooks.size).to.equal(0);
    expect(saas.created).to.have.length(1);
    expect(project.read((s) => s.registrations.list())).to.deep.equal([]);
    // The old callback URL is dead.
    const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: 'late', record: { id: 'r-late', title: 'late' } });
    expect(answer.status).to.equal(404);
    expect(await second.stop()).to.equal(0);
  });

  it('`runtime deregister` removes the remote hook; the next start registers the flow again', async () => {
    const port = await freePort();
    const first = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    const hook = saas.created[0]!;
    expect(await first.stop()).to.equal(0);

    const result = await runCli(['deregister', '--project', project.root, '--data-dir', project.dataDir, '--allow-private-network'], project.root);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('deregistered on-pushed');
    expect(saas.deleted).to.deep.equal([hook.id]);
    expect(project.read((s) => s.registrations.list())).to.deep.equal([]);

    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, port });
    expect(saas.created).to.have.length(2);
    expect(saas.hooks.size).to.equal(1);
    expect(await second.stop()).to.equal(0);
  });

  it('deregisters under --watch when the flow is edited to enabled: false, and registers again when re-enabled', async () => {
    const runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, watch: true });
    const hook = saas.created[0]!;

    project.edit('flows/on-pushed.yaml', (text) => text.replace('enabled: true', 'enabled: false'));
    await waitUntil(() => saas.deleted.length === 1, { timeoutMs: 15_000, what: () => `the hook to be deleted; logs:\n${runtime.describe()}` });
    expect(saas.deleted).to.deep.equal([hook.id]);
    expect(runtime.running, 'no restart').to.equal(true);
    await runtime.waitForLog('definitions reloaded');
    expect(project.read((s) => s.registrations.get('on-pushed'))).to.equal(undefined);
    const refused = await sendDelivery(hook.url, hook.secret, { deliveryId: 'while-disabled', record: { id: 'r-x', title: 'x' } });
    expect(refused.status).to.be.oneOf([404, 410]);

    project.edit('flows/on-pushed.yaml', (text) => text.replace('enabled: false', 'enabled: true'));
    await waitUntil(() => saas.created.length === 2, { timeoutMs: 15_000, what: () => `a new hook; logs:\n${runtime.describe()}` });
    expect(saas.hooks.size).to.equal(1);
    const again = saas.created[1]!;
    expect(again.url).to.not.equal(hook.url);
    await waitUntil(() => project.read((s) => s.registrations.get('on-pushed')?.status) === 'active', { what: () => 'the new registration to be active' });
    expect(await runtime.stop()).to.equal(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
