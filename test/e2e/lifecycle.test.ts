// The service's life: `runtime status` beside it, SIGTERM letting a running execution finish before exit 0,
// and a project with a definition error refused at start.
import { expect } from 'chai';
import { useE2eWorld, type E2eProject } from './e2e-project.js';
import type { FakeSaas } from './fake-saas.js';
import { runCli, RuntimeProcess } from './runtime-process.js';
import { sendDelivery } from './send-delivery.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): status, shutdown, refusal', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;

  useE2eWorld((world) => {
    ({ saas, project } = world);
  });

  const cli = (...args: string[]) => runCli([...args, '--project', project.root, '--data-dir', project.dataDir], project.root);

  it('`runtime status` shows the running service, the active registration and the next poll', async () => {
    const runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
    const status = await cli('status');
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.contain(`runtime running (pid ${runtime.pid}) at ${runtime.url}`);
    const line = (flow: string) => status.stdout.split('\n').find((l) => l.startsWith(flow)) ?? '';
    expect(line('on-pushed')).to.contain('registration active');
    expect(line('on-listed')).to.match(/next \d{4}-\d\d-\d\dT/);
    expect(line('by-hand')).to.contain('manual');

    const json = JSON.parse((await cli('status', '--json')).stdout) as { service: { pid: number }; flows: { flow: string; state: string }[] };
    expect(json.service.pid).to.equal(runtime.pid);
    expect(json.flows.find((f) => f.flow === 'on-pushed')?.state).to.equal('registration active');

    expect(await runtime.stop()).to.equal(0);
    const after = await cli('status');
    expect(after.stdout).to.contain('runtime not running');
  });

  it('on SIGTERM stops accepting, lets the running execution finish, and exits 0', async () => {
    const runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
    saas.holdKey = 'slow';
    const queued = await cli('trigger', 'by-hand', '--input', '{"key": "slow"}');
    expect(queued.code, queued.stderr).to.equal(0);
    const eventId = /queued event (\S+)/.exec(queued.stdout)![1]!;
    await saas.held(); // the execution is in flight: its POST /results waits

    const exit = runtime.stop();
    await runtime.waitForLog('stopping: no new requests; finishing running executions');
    expect(runtime.running, 'still running while the execution is in flight').to.equal(true);
    saas.release();
    expect(await exit).to.equal(0);
    expect(runtime.find('stopped')).to.not.equal(undefined);
    expect(saas.results).to.deep.equal([{ source: 'manual', key: 'slow' }]);
    const event = project.read((s) => s.events.get(eventId))!;
    expect(event.status).to.equal('succeeded');
    expect(project.read((s) => s.executions.show(event.executionId!))?.status).to.equal('succeeded');
  });

  it('a SIGTERM during startup (registration in flight) is not fatal: startup finishes, then it shuts down with exit 0', async () => {
    saas.holdHookCreates = true;
    const runtime = RuntimeProcess.spawn({ project: project.root, dataDir: project.dataDir });
    await saas.held(); // the HTTP server listens and the register flow is waiting for the service
    const exit = runtime.stop();
    await runtime.waitForLog('signal received');
    saas.release();
    expect(await exit, runtime.describe()).to.equal(0);
    expect(runtime.find('stopped')).to.not.equal(undefined);
    // The remote hook made during startup is recorded, so the next start keeps it (no orphan, no duplicate).
    expect(saas.created).to.have.length(1);
    expect(project.read((s) => s.registrations.get('on-pushed'))?.status).to.equal('active');
  });

  it('--watch: an edit with an error is printed and the previous definitions keep running', async () => {
    const runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir, watch: true });
    const hook = saas.created[0]!;
    project.edit('flows/on-pushed.yaml', (text) => text.replace('card: saas.post_result', 'card: saas.post_reslt'));
    await runtime.waitForLog('definitions have errors: still running the previous version');
    expect(runtime.stderr).to.match(/flows\/on-pushed\.yaml:\d+:\d+ +error +REF_\w+/);
    expect(saas.deleted, 'the registration stays').to.deep.equal([]);

    const answer = await sendDelivery(hook.url, hook.secret, { deliveryId: 'during-error', record: { id: 'r-old', title: 'old model' } });
    expect(answer.status).to.equal(200);
    await waitUntil(() => saas.resultCount('webhook', 'r-old') === 1, { what: () => `the old flow to run; logs:\n${runtime.describe()}` });
    expect(await runtime.stop()).to.equal(0);
  });

  it('refuses to start on a definition error: exit 1 and the error at file:line:col, nothing registered', async () => {
    project.edit('flows/on-listed.yaml', (text) => text.replace('card: record_listed', 'card: record_lsted'));
    const result = await runCli([
      'start', '--project', project.root, '--data-dir', project.dataDir, '--port', '0', '--log-format', 'json', '--allow-private-network',
    ], project.root);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/flows\/on-listed\.yaml:\d+:\d+ +error +REF_\w+/);
    expect(result.stderr).to.contain('record_lsted');
    expect(result.stderr).to.contain('runtime not started');
    expect(result.stdout).to.not.contain('runtime started');
    expect(saas.created).to.deep.equal([]);
  });
});
