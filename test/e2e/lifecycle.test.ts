// The service's life: `runtime status` beside it, SIGTERM letting a running execution finish before exit 0,
// and a project with a definition error refused at start.
import { expect } from 'chai';
import { createE2eProject, type E2eProject } from './e2e-project.js';
import { startFakeSaas, type FakeSaas } from './fake-saas.js';
import { ensureBuilt, killLeftovers, runCli, RuntimeProcess } from './runtime-process.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): status, shutdown, refusal', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;

  before(function () {
    this.timeout(300_000);
    ensureBuilt();
  });
  beforeEach(async () => {
    saas = await startFakeSaas();
    project = createE2eProject(saas.url);
  });
  afterEach(async () => {
    await killLeftovers();
    await saas.close();
    project.dispose();
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
