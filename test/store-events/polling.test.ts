import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import type { PollResult } from '../../src/store/event-store.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

function poll(keys: (string | undefined)[], cursor: unknown, overrides: Partial<PollResult> = {}): PollResult {
  return {
    monitor: 'new_tickets',
    flow: 'new_tickets',
    records: keys.map((key) => ({ ...(key === undefined ? {} : { key }), payload: { id: key ?? 'none' } })),
    cursor,
    dedupeWindow: 5,
    emit: true,
    ...overrides,
  };
}

describe('store events: polling state', () => {
  let temp: TempDataDir;
  let clock: number;
  beforeEach(() => {
    temp = makeTempDataDir();
    clock = 7_000;
  });
  afterEach(() => temp.cleanup());
  const open = () => temp.open({ now: () => clock });

  it('seeds on the first run: remembers keys and cursor, emits nothing', () => {
    const store = open();
    expect(store.polling.getCursor('new_tickets')).to.equal(undefined);
    const seeded = store.polling.commitPollResult(poll(['1', '2'], { since: 't1' }, { emit: false }));
    expect(seeded).to.deep.equal({ emitted: [], duplicates: 0 });
    expect(store.events.counts().pending).to.equal(0);
    expect(store.polling.getCursor('new_tickets')).to.deep.equal({ cursor: { since: 't1' }, seeded: true });

    const next = store.polling.commitPollResult(poll(['2', '3'], { since: 't2' }));
    expect(next.duplicates).to.equal(1);
    expect(next.emitted.map((id) => store.events.get(id)!)).to.have.length(1);
    expect(store.events.get(next.emitted[0]!)).to.deep.include({ flow: 'new_tickets', source: 'polling', payload: { id: '3' } });
  });

  it('skips records seen before or earlier in the same poll; records without a key are always emitted', () => {
    const store = open();
    store.polling.commitPollResult(poll(['a'], 1));
    const r = store.polling.commitPollResult(poll(['a', 'b', 'b', undefined, undefined], 2));
    expect(r.duplicates).to.equal(2);
    expect(r.emitted.map((id) => store.events.get(id)!.payload)).to.deep.equal([{ id: 'b' }, { id: 'none' }, { id: 'none' }]);
  });

  it('keeps only the newest dedupeWindow keys; a key seen again counts as new for the window', () => {
    const store = open();
    store.polling.commitPollResult(poll(['1', '2', '3', '4', '5'], 1));
    // '1' is seen again, so it becomes the newest; '6' and '7' push out '2' and '3'.
    const r = store.polling.commitPollResult(poll(['1', '6', '7'], 2));
    expect(r.duplicates).to.equal(1);
    expect(store.polling.list()[0]!.seenKeys).to.equal(5);
    const again = store.polling.commitPollResult(poll(['1', '2', '3', '4', '5', '6', '7'], 3, { dedupeWindow: 100 }));
    expect(again.emitted.map((id) => store.events.get(id)!.payload)).to.deep.equal([{ id: '2' }, { id: '3' }]);
    // A window of 0 remembers nothing between polls.
    store.polling.commitPollResult(poll(['x'], 4, { dedupeWindow: 0 }));
    expect(store.polling.list()[0]!.seenKeys).to.equal(0);
  });

  it('commits records, keys and cursor together: a failed commit changes nothing', () => {
    const store = open();
    store.polling.commitPollResult(poll(['a'], { page: 1 }));
    const sabotage = new Database(path.join(temp.dir, 'runtime.db'));
    try {
      sabotage.exec(`CREATE TRIGGER refuse_state BEFORE UPDATE ON poll_state BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
      expect(() => store.polling.commitPollResult(poll(['b', 'c'], { page: 2 }))).to.throw('disk says no');
      sabotage.exec('DROP TRIGGER refuse_state');
    } finally {
      sabotage.close();
    }
    expect(store.events.counts().pending).to.equal(1);
    expect(store.polling.getCursor('new_tickets')?.cursor).to.deep.equal({ page: 1 });
    expect(store.polling.list()[0]!.seenKeys).to.equal(1);
    // Nothing was remembered, so the retry emits both.
    expect(store.polling.commitPollResult(poll(['b', 'c'], { page: 2 })).emitted).to.have.length(2);
  });

  it('refuses an unusable record without writing anything', () => {
    const store = open();
    const records = [{ key: 'ok', payload: 1 }, { key: 'bad', payload: { n: 1n } }];
    try {
      store.polling.commitPollResult({ ...poll([], 1), records });
      expect.fail('expected STORE_INVALID_VALUE');
    } catch (e) {
      expect(isRuntimeError(e) && e.code).to.equal('STORE_INVALID_VALUE');
    }
    expect(store.polling.getCursor('new_tickets')).to.equal(undefined);
    expect(store.events.counts().pending).to.equal(0);
  });

  it('records a failure keeping the cursor; a monitor that only failed is not seeded', () => {
    const store = open();
    store.polling.recordFailure('other', { code: 'HTTP_STATUS', message: '500' });
    expect(store.polling.getCursor('other')).to.deep.equal({ cursor: undefined, seeded: false });

    store.polling.commitPollResult(poll(['a'], { since: 5 }));
    clock += 1000;
    store.polling.recordFailure('new_tickets', { code: 'HTTP_STATUS', message: '502 from acme' });
    expect(store.polling.getCursor('new_tickets')).to.deep.equal({ cursor: { since: 5 }, seeded: true });
    expect(store.polling.list()).to.deep.equal([
      { monitor: 'new_tickets', cursor: { since: 5 }, seeded: true, lastRunAt: clock, lastError: { code: 'HTTP_STATUS', message: '502 from acme' }, seenKeys: 1 },
      { monitor: 'other', cursor: undefined, seeded: false, lastRunAt: 7_000, lastError: { code: 'HTTP_STATUS', message: '500' }, seenKeys: 0 },
    ]);
    clock += 1000;
    store.polling.commitPollResult(poll([], { since: 6 }));
    expect(store.polling.list()[0]).to.deep.equal({ monitor: 'new_tickets', cursor: { since: 6 }, seeded: true, lastRunAt: clock, seenKeys: 1 });
  });

  it('forgets a removed monitor', () => {
    const store = open();
    store.polling.commitPollResult(poll(['a'], 1));
    expect(store.polling.remove('new_tickets')).to.equal(true);
    expect(store.polling.getCursor('new_tickets')).to.equal(undefined);
    expect(store.polling.commitPollResult(poll(['a'], 1)).emitted).to.have.length(1);
  });

  it('stores an empty result (the common poll) as cursor, run time and a cleared error, inside the caller\'s transaction', () => {
    const store = open();
    store.polling.commitPollResult(poll(['a'], 1));
    store.polling.recordFailure('new_tickets', { code: 'HTTP_STATUS', message: 'down' });
    clock = 8_000;
    expect(store.polling.commitPollResult(poll([], 2))).to.deep.equal({ emitted: [], duplicates: 0 });
    expect(store.polling.list()[0]).to.deep.include({ cursor: 2, seeded: true, lastRunAt: 8_000, seenKeys: 1 });
    expect(store.polling.list()[0]!.lastError).to.equal(undefined);
    // Rolled back with the transaction it ran in, like any other result.
    expect(() => store.transaction(() => {
      store.polling.commitPollResult(poll([], 3));
      throw new Error('the batch failed');
    })).to.throw('the batch failed');
    expect(store.polling.getCursor('new_tickets')).to.deep.equal({ cursor: 2, seeded: true });
    // An unusable cursor writes nothing.
    expect(() => store.polling.commitPollResult(poll([], 10n))).to.throw(/not JSON-serializable/);
    expect(store.polling.getCursor('new_tickets')).to.deep.equal({ cursor: 2, seeded: true });
  });
});
