// Retention removes finished events and execution records older than the window, never running ones, and then
// the old files nothing remaining names.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { pruneOnce } from '../../src/runtime/retention.js';

const DAY = 24 * 60 * 60 * 1000;

describe('runtime: retention', () => {
  it('deletes finished events and executions older than the window, keeps recent and running ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = openStore(dir, { now: () => clock });
    try {
      const orphan = await store.files.put(Buffer.from('nobody names me'), { name: 'orphan.txt', contentType: 'text/plain' });
      const kept = await store.files.put(Buffer.from('a recent record names me'), { name: 'kept.txt', contentType: 'text/plain' });
      const onlyOld = await store.files.put(Buffer.from('only an old record names me'), { name: 'old.txt', contentType: 'text/plain' });
      const old = store.executions.start({ kind: 'flow', target: 'f', input: { attachment: onlyOld } });
      store.executions.step(old, { kind: 'map', status: 'succeeded', startedAt: clock, endedAt: clock, output: 1 });
      store.executions.finish(old, 'succeeded', {});
      const stuck = store.executions.start({ kind: 'flow', target: 'f', input: {} });
      const [oldEvent] = store.events.append([{ flow: 'f', source: 'manual', payload: {} }]).inserted;
      store.events.claim('f', 1, clock);
      store.events.succeed(oldEvent!);

      clock += 40 * DAY;
      const recent = store.executions.start({ kind: 'flow', target: 'f', input: {} });
      store.executions.step(recent, { kind: 'request', status: 'succeeded', startedAt: clock, endedAt: clock, output: { body: kept } });
      store.executions.finish(recent, 'failed', { code: 'X', message: 'y' });
      store.executions.flush();
      const fresh = await store.files.put(Buffer.from('too young to go'), { name: 'fresh.txt', contentType: 'text/plain' });
      const [recentEvent] = store.events.append([{ flow: 'f', source: 'manual', payload: {} }]).inserted;

      expect(pruneOnce(store, 30, clock)).to.deep.equal({ events: 1, executions: 1, files: 2 });
      expect(store.executions.show(old)).to.equal(undefined);
      expect(store.executions.show(stuck)?.status).to.equal('running');
      expect(store.executions.show(recent)?.status).to.equal('failed');
      expect(store.events.get(oldEvent!)).to.equal(undefined);
      expect(store.events.get(recentEvent!)?.status).to.equal('pending');
      const gone = async (handle: typeof orphan): Promise<string> => store.files.read(handle).then(() => 'still there', (e: { code?: string }) => e.code ?? 'error');
      expect(await gone(orphan), 'an old file nothing names').to.equal('FILE_NOT_FOUND');
      expect(await gone(onlyOld), 'named only by a record retention removed').to.equal('FILE_NOT_FOUND');
      expect(fs.existsSync(path.join(dir, 'files', orphan.id))).to.equal(false);
      expect((await store.files.read(kept)).toString()).to.equal('a recent record names me');
      expect((await store.files.read(fresh)).toString()).to.equal('too young to go');
      expect(pruneOnce(store, 0, clock)).to.deep.equal({ events: 0, executions: 0, files: 0 });
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
