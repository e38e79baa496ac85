import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import type { AppendResult, NewEvent } from '../../src/store/event-store.js';
import { createIngressCommitter } from '../../src/store/ingress-committer.js';
import type { Store } from '../../src/store/store.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

/** Counts the committer's transactions (it commits through `transactionWithDeferredSync`). */
function countTransactions(store: Store): { count: () => number } {
  const original = store.transactionWithDeferredSync.bind(store);
  let n = 0;
  store.transactionWithDeferredSync = <T>(fn: () => T): T => {
    n++;
    return original(fn);
  };
  return { count: () => n };
}

function delivery(i: number, dedupeKey?: string): NewEvent {
  return { flow: 'on_issue', source: 'webhook', payload: { body: { issue: i } }, ...(dedupeKey === undefined ? {} : { dedupeKey }) };
}

async function settle<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.all(promises.map((p) => p.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  )));
}

describe('store events: group commit for webhook ingress', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('writes 100 concurrent commits in one transaction and resolves each after the commit', async () => {
    const store = temp.open();
    const transactions = countTransactions(store);
    const committer = createIngressCommitter(store);
    const readBack = new Database(path.join(temp.dir, 'runtime.db'), { readonly: true });
    const rowsOnDisk = () => (readBack.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    try {
      const seenAtResolve: number[] = [];
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
        committer.commit([delivery(i)]).then((r) => {
          // Another connection sees the row: the transaction had committed when the promise resolved.
          seenAtResolve.push(rowsOnDisk());
          return r;
        })));
      expect(transactions.count()).to.equal(1);
      expect(seenAtResolve.every((n) => n === 100)).to.equal(true);
      const ids = results.flatMap((r) => r.inserted);
      expect(new Set(ids).size).to.equal(100);
      await committer.close();
      store.close();

      const reopened = temp.open();
      expect(ids.every((id) => reopened.events.get(id)?.status === 'pending')).to.equal(true);
      expect(reopened.events.counts().pending).to.equal(100);
    } finally {
      readBack.close();
    }
  });

  it('bounds the events per transaction: the rest goes in the next ones, in order', async () => {
    const store = temp.open();
    const transactions = countTransactions(store);
    const committer = createIngressCommitter(store, { maxBatchEvents: 30 });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => committer.commit([delivery(i)])));
    expect(transactions.count()).to.equal(4);
    const payloads = results.map((r) => store.events.get(r.inserted[0]!)!.payload);
    expect(payloads).to.deep.equal(Array.from({ length: 100 }, (_, i) => ({ body: { issue: i } })));
    // The oldest first in the queue too.
    expect(store.events.list({ limit: 1000 }).map((e) => e.id).reverse()).to.deep.equal(results.map((r) => r.inserted[0]));
    await committer.close();
  });

  it('reports duplicates per caller, also between callers of one batch', async () => {
    const store = temp.open();
    const committer = createIngressCommitter(store);
    const [a, b, c] = await Promise.all([
      committer.commit([delivery(1, 'd-1')]),
      committer.commit([delivery(1, 'd-1')]),
      committer.commit([delivery(2, 'd-2'), delivery(1, 'd-1')]),
    ]) as [AppendResult, AppendResult, AppendResult];
    expect([a.inserted.length, a.duplicates]).to.deep.equal([1, 0]);
    expect([b.inserted.length, b.duplicates]).to.deep.equal([0, 1]);
    expect([c.inserted.length, c.duplicates]).to.deep.equal([1, 1]);
    await committer.close();
  });

  it('rejects every caller of a batch with STORE_UNAVAILABLE when its transaction fails, and stores none of it', async () => {
    const store = temp.open();
    const committer = createIngressCommitter(store);
    const sabotage = new Database(path.join(temp.dir, 'runtime.db'));
    try {
      sabotage.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON events WHEN NEW.payload_json LIKE '%"poison"%'
                     BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
      const outcomes = await settle([
        committer.commit([delivery(1)]),
        committer.commit([{ flow: 'on_issue', source: 'webhook', payload: 'poison' }]),
        committer.commit([delivery(3)]),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.status).to.equal('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as unknown;
        expect(isRuntimeError(reason) && reason.code).to.equal('STORE_UNAVAILABLE');
        expect(isRuntimeError(reason) && reason.actor).to.equal('operational');
      }
      expect(store.events.counts().pending).to.equal(0);

      // The next batch is independent of the failed one.
      sabotage.exec('DROP TRIGGER refuse_poison');
      const ok = await committer.commit([delivery(4)]);
      expect(ok.inserted).to.have.length(1);
    } finally {
      sabotage.close();
      await committer.close();
    }
  });

  it('rejects only the caller whose events are malformed', async () => {
    const store = temp.open();
    const committer = createIngressCommitter(store);
    const outcomes = await settle([
      committer.commit([delivery(1)]),
      committer.commit([delivery(2), { flow: 'on_issue', source: 'webhook', payload: { n: 1n } }]),
      committer.commit([delivery(3)]),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    const reason = (outcomes[1] as PromiseRejectedResult).reason as unknown;
    expect(isRuntimeError(reason) && reason.code).to.equal('STORE_INVALID_VALUE');
    expect(store.events.list().map((e) => e.payload)).to.deep.equal([{ body: { issue: 3 } }, { body: { issue: 1 } }]);
    await committer.close();
  });

  it('commits what is queued on close, then refuses new commits', async () => {
    const store = temp.open();
    const committer = createIngressCommitter(store);
    const pending = committer.commit([delivery(1)]);
    await committer.close();
    expect(store.events.counts().pending).to.equal(1);
    expect((await pending).inserted).to.have.length(1);
    const late = await settle([committer.commit([delivery(2)])]);
    expect(late[0]!.status).to.equal('rejected');
    const reason = (late[0] as PromiseRejectedResult).reason as unknown;
    expect(isRuntimeError(reason) && reason.code).to.equal('STORE_UNAVAILABLE');
  });

  it('rejects with STORE_UNAVAILABLE when the database was closed underneath', async () => {
    const store = temp.open();
    const committer = createIngressCommitter(store);
    store.close();
    const outcomes = await settle([committer.commit([delivery(1)]), committer.commit([delivery(2)])]);
    for (const outcome of outcomes) {
      const reason = (outcome as PromiseRejectedResult).reason as unknown;
      expect(isRuntimeError(reason) && reason.code).to.equal('STORE_UNAVAILABLE');
    }
    await committer.close();
  });

  it('flushes deferred commits also when the store closes while a flush is under way', async () => {
    const store = temp.open();
    const ids = store.transactionWithDeferredSync(() => store.events.append([delivery(1), delivery(2)])).inserted;
    const flushes = [store.flushToDisk(), store.flushToDisk(), store.flushToDisk()];
    store.transactionWithDeferredSync(() => store.events.append([delivery(3)]));
    store.close();
    await Promise.all(flushes);
    await store.flushToDisk();
    const reopened = temp.open();
    expect(ids.map((id) => reopened.events.get(id)?.status)).to.deep.equal(['pending', 'pending']);
    expect(reopened.events.counts().pending).to.equal(3);
  });
});
