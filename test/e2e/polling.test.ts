// A polling monitor in a running `runtime start` (every second): the first run seeds the cursor without
// emitting old records, later runs emit each new record once, and cursor and seen keys survive a restart.
import { expect } from 'chai';
import { useE2eWorld, type E2eProject } from './e2e-project.js';
import type { FakeSaas } from './fake-saas.js';
import { RuntimeProcess } from './runtime-process.js';
import { waitUntil } from './wait-until.js';

describe('runtime start (e2e): polling', function () {
  this.timeout(60_000);
  let saas: FakeSaas;
  let project: E2eProject;

  useE2eWorld((world) => {
    ({ saas, project } = world);
  });

  const polledKeys = () => saas.results.filter((r) => r.source === 'polling').map((r) => r.key).sort();
  /** Waits for `n` more polls than have been answered so far. */
  const morePolls = (n: number, runtime: RuntimeProcess) => {
    const target = saas.sinces.length + n;
    return waitUntil(() => saas.sinces.length >= target, { timeoutMs: 10_000, what: () => `${n} more polls; logs:\n${runtime.describe()}` });
  };

  it('seeds on the first run, emits each new record once, and keeps cursor and dedupe across a restart', async () => {
    saas.addRecords(3);
    const first = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
    await waitUntil(() => project.read((s) => s.polling.getCursor('on-listed'))?.seeded === true, {
      what: () => `the monitor to be seeded; logs:\n${first.describe()}`,
    });
    expect(saas.sinces[0], 'the first run starts without a cursor').to.equal('0');
    expect(project.read((s) => s.polling.getCursor('on-listed'))?.cursor).to.equal(3);
    await morePolls(1, first);
    expect(polledKeys(), 'old records are not emitted by the seeding run').to.deep.equal([]);
    expect(project.read((s) => s.events.list({ flow: 'on-listed' }))).to.deep.equal([]);

    saas.addRecords(2);
    await waitUntil(() => polledKeys().length === 2, { what: () => `rec-4 and rec-5 to run; logs:\n${first.describe()}` });
    // The service returns the last record again on every poll (inclusive `since`): only dedupe keeps it out.
    await morePolls(2, first);
    expect(saas.sinces.at(-1)).to.equal('5');
    expect(polledKeys()).to.deep.equal(['rec-4', 'rec-5']);
    expect(await first.stop()).to.equal(0);

    saas.addRecords(1);
    const pollsBefore = saas.sinces.length;
    const second = await RuntimeProcess.start({ project: project.root, dataDir: project.dataDir });
    await waitUntil(() => polledKeys().length === 3, { what: () => `rec-6 to run; logs:\n${second.describe()}` });
    expect(saas.sinces[pollsBefore], 'the first poll after the restart resumes from the stored cursor').to.equal('5');
    await morePolls(2, second);
    expect(polledKeys()).to.deep.equal(['rec-4', 'rec-5', 'rec-6']);
    const events = project.read((s) => s.events.list({ flow: 'on-listed' }));
    expect(events.map((e) => (e.payload as { id: string }).id).sort()).to.deep.equal(['rec-4', 'rec-5', 'rec-6']);
    expect(events.every((e) => e.source === 'polling' && e.status === 'succeeded')).to.equal(true);
    expect(await second.stop()).to.equal(0);
  });
});
