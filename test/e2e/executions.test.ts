// User-flow executions of a running `runtime start`: failures are retried per the flow's policy and then kept
// as failed until `runtime executions retry`; manual runs come from `runtime trigger` and from
// `POST /flows/<name>/trigger` with the token of <dataDir>/trigger.token.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useE2eWorld, type E2eProject } from './e2e-project.js';
import type { FakeSaas } from './fake-saas.js';
import { runCli, RuntimeProcess } from './runtime-process.js';
import { request } from './send-delivery.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): executions and manual triggers', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;
  let runtime: RuntimeProcess;

  useE2eWorld(async (world) => {
    ({ saas, project } = world);
      runtime = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
  });

  const cli = (...args: string[]) => runCli([...args, '--project', project.root, '--data-dir', project.dataDir], project.root);
  const manualEvents = () => project.read((s) => s.events.list({ flow: 'by-hand' }));

  it('retries a failing execution per the flow\'s policy, keeps it failed, and `executions retry` runs it again', async () => {
    saas.failingKeys.add('boom');
    const queued = await cli('trigger', 'by-hand', '--input', '{"key": "boom"}');
    expect(queued.code, queued.stderr).to.equal(0);
    const eventId = /queued event (\S+)/.exec(queued.stdout)?.[1];
    expect(eventId).to.be.a('string');

    // retry: { attempts: 2, backoff: 1s }: two calls, then failed for good.
    await waitUntil(() => project.read((s) => s.events.get(eventId!))?.status === 'failed', {
      what: () => `the event to fail for good; logs:\n${runtime.describe()}`,
    });
    const failed = project.read((s) => s.events.get(eventId!))!;
    expect(failed.attempts).to.equal(2);
    expect(failed.lastError?.code).to.be.a('string').and.not.equal('');
    expect(saas.rejected.map((r) => r.key)).to.deep.equal(['boom', 'boom']);
    const execution = project.read((s) => s.executions.show(failed.executionId!))!;
    expect(execution.status).to.equal('failed');
    expect(execution.error?.status).to.equal(500);
    const warned = runtime.logs.filter((l) => l.msg === 'flow execution failed' && l.event === eventId);
    expect(warned.map((l) => l.retry)).to.deep.equal([true, false]);

    // Still failed a while later: kept, not retried forever.
    const polls = saas.sinces.length;
    await waitUntil(() => saas.sinces.length >= polls + 2, { what: () => 'two more polls (two seconds passing)' });
    expect(saas.rejected).to.have.length(2);

    saas.failingKeys.delete('boom');
    const retried = await cli('executions', 'retry', failed.executionId!);
    expect(retried.code, retried.stderr).to.equal(0);
    expect(retried.stdout).to.contain(`queued event ${eventId}`);
    await waitUntil(() => project.read((s) => s.events.get(eventId!))?.status === 'succeeded', {
      what: () => `the retried event to succeed; logs:\n${runtime.describe()}`,
    });
    expect(saas.results).to.deep.equal([{ source: 'manual', key: 'boom' }]);
    const again = await cli('executions', 'retry', failed.executionId!);
    expect(again.code, 'a succeeded execution is not retried').to.equal(1);
    expect(await runtime.stop()).to.equal(0);
  });

  it('runs a flow triggered with `runtime trigger` while the service runs', async () => {
    const queued = await cli('trigger', 'by-hand', '--input', '{"key": "from-cli"}');
    expect(queued.code, queued.stderr).to.equal(0);
    expect(queued.stdout).to.not.contain('no runtime is running');
    await waitUntil(() => saas.resultCount('manual', 'from-cli') === 1, { what: () => `the manual run; logs:\n${runtime.describe()}` });
    const refused = await cli('trigger', 'on-pushed');
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('not manually');
  });

  it('runs a flow triggered with POST /flows/<name>/trigger and the token from <dataDir>/trigger.token', async () => {
    const token = fs.readFileSync(path.join(project.dataDir, 'trigger.token'), 'utf8').trim();
    const url = `${runtime.url}/flows/by-hand/trigger`;
    const body = JSON.stringify({ key: 'from-http' });

    const noToken = await request('POST', url, body);
    expect(noToken.status).to.equal(401);
    const badToken = await request('POST', url, body, { authorization: 'Bearer not-the-token' });
    expect(badToken.status).to.equal(401);
    const badInputs = await request('POST', url, JSON.stringify({ nope: 1 }), { authorization: `Bearer ${token}` });
    expect(badInputs.status).to.equal(400);

    const accepted = await request('POST', url, body, { authorization: `Bearer ${token}` });
    expect(accepted.status).to.equal(202);
    const { event } = JSON.parse(accepted.body) as { event: string };
    await waitUntil(() => project.read((s) => s.events.get(event))?.status === 'succeeded', { what: () => `the triggered run; logs:\n${runtime.describe()}` });
    expect(saas.results).to.deep.equal([{ source: 'manual', key: 'from-http' }]);
    expect(manualEvents().map((e) => e.payload)).to.deep.equal([{ key: 'from-http' }]);
  });
});
