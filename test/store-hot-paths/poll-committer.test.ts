// Group commit of poll results: what one event-loop turn commits shares one transaction, each caller gets its
// own result or error, and what was committed is in the database for any other connection to read.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import type { PollResult } from '../../src/store/event-store.js';
import { createPollCommitter } from '../../src/store/poll-committer.js';
import type { Store } from '../../src/store/store.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

function poll(monitor: string, keys: string[], cursor: unknown, overrides: Partial<PollResult> = {}): PollResult {
  return { monitor, flow: monitor, records: keys.map((key) => ({ key, payload: { id: key } })), cursor, dedupeWindow: 10, emit: true, ...overrides };
}

/** Counts the committer's transactions (it commits through `transactionWithDeferredSync`). */
function countTransactions(store: Store): () => number {
  const original = store.transactionWithDeferredSync.bind(store);
  let n = 0;
  store.transactionWithDeferredSync = <T>(fn: () => T): T => {
    n++;
    return original(fn);
  };
  return () => n;
}

describe('store: group commit of poll results', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('commits 200 monitors polled in the same turn in one transaction, each with its own result', async () => {
    const store = temp.open();
    const transactions = countTransactions(store);
    const committer = createPollCommitter(store);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      committer.commit(() => store.polling.commitPollResult(poll(`m${i}`, [`item-${i}`], i)))));
    expect(transactions()).to.equal(1);
    expect(results.every((r) => r.emitted.length === 1 && r.duplicates === 0)).to.equal(true);
    expect(store.polling.getCursor('m7')).to.deep.equal({ cursor: 7, seeded: true });
    expect(store.events.get(results[42]!.emitted[0]!)).to.deep.include({ flow: 'm42', source: 'polling', payload: { id: 'item-42' } });
    await committer.close();
  });

  it('rejects only the caller whose result is unusable; the others of the batch are committed', async () => {
    const store = temp.open();
    const committer = createPollCommitter(store);
    const [good, bad, alsoGood] = await Promise.allSettled([
      committer.commit(() => store.polling.commitPollResult(poll('a', ['1'], 'c1'))),
      committer.commit(() => store.polling.commitPollResult(poll('b', ['1'], 'c1', { dedupeWindow: -1 }))),
      committer.commit(() => store.polling.commitPollResult(poll('c', ['1'], 'c1'))),
    ]);
    expect(good.status).to.equal('fulfilled');
    expect(alsoGood.status).to.equal('fulfilled');
    expect(bad.status).to.equal('rejected');
    expect(isRuntimeError((bad as PromiseRejectedResult).reason) && (bad as PromiseRejectedResult).reason.code).to.equal('STORE_INVALID_VALUE');
    expect(store.polling.getCursor('a')?.cursor).to.equal('c1');
    expect(store.polling.getCursor('b')).to.equal(undefined);
    await committer.close();
  });

  it('rolls back the writes of a work that fails after writing, keeping its neighbours', async () => {
    const store = temp.open();
    const committer = createPollCommitter(store);
    const failing = committer.commit(() => store.transaction(() => {
      store.polling.commitPollResult(poll('half', ['1'], 'written'));
      throw new Error('the monitor changed its mind');
    }));
    const kept = committer.commit(() => store.polling.commitPollResult(poll('whole', ['1'], 'written')));
    const error = await failing.then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).to.equal('the monitor changed its mind');
    await kept;
    expect(store.polling.getCursor('half')).to.equal(undefined);
    expect(store.events.counts().pending).to.equal(1);
    await committer.close();
  });

  it('leaves the committed state readable by another connection, and synced once closed', async () => {
    const store = temp.open();
    const committer = createPollCommitter(store);
    await Promise.all(['x', 'y'].map((m) => committer.commit(() => store.polling.commitPollResult(poll(m, ['1', '2'], { page: 3 })))));
    await committer.close();
    const other = new Database(path.join(temp.dir, 'runtime.db'), { readonly: true });
    try {
      const rows = other.prepare('SELECT monitor, cursor_json FROM poll_state ORDER BY monitor').all();
      expect(rows).to.deep.equal([{ monitor: 'x', cursor_json: '{"page":3}' }, { monitor: 'y', cursor_json: '{"page":3}' }]);
      expect(other.prepare("SELECT count(*) AS n FROM events WHERE source = 'polling'").get()).to.deep.equal({ n: 4 });
    } finally {
      other.close();
    }
  });

  it('runs what is queued on close, and commits alone afterwards', async () => {
    const store = temp.open();
    const transactions = countTransactions(store);
    const committer = createPollCommitter(store);
    const queued = committer.commit(() => store.polling.commitPollResult(poll('early', [], 1)));
    await committer.close();
    expect(await queued).to.deep.equal({ emitted: [], duplicates: 0 });
    expect(transactions()).to.equal(1);
    const late = await committer.commit(() => store.polling.commitPollResult(poll('late', ['k'], 2)));
    expect(late.emitted).to.have.length(1);
    expect(transactions(), 'a late commit does not wait for a batch').to.equal(1);
    expect(store.polling.getCursor('late')?.cursor).to.equal(2);
  });

  it('does not trim the seen keys on polls that remember none, and still trims when new keys arrive', () => {
    const store = temp.open();
    store.polling.commitPollResult(poll('w', ['1', '2', '3'], 1, { dedupeWindow: 3 }));
    store.polling.commitPollResult(poll('w', [], 2, { dedupeWindow: 2 }));
    expect(store.polling.list()[0]!.seenKeys, 'an empty poll leaves the keys alone').to.equal(3);
    store.polling.commitPollResult(poll('w', ['4'], 3, { dedupeWindow: 2 }));
    expect(store.polling.list()[0]!.seenKeys).to.equal(2);
    expect(store.polling.getCursor('w')).to.deep.equal({ cursor: 3, seeded: true });
  });
});
