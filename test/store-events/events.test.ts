import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import { EVENT_ID_PATTERN } from '../../src/store/event-id.js';
import type { NewEvent } from '../../src/store/event-store.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

function webhook(flow: string, payload: unknown, dedupeKey?: string): NewEvent {
  return { flow, source: 'webhook', payload, ...(dedupeKey === undefined ? {} : { dedupeKey }) };
}

function expectStoreError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isRuntimeError(e) && e.code).to.equal(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('store events: the event queue', () => {
  let temp: TempDataDir;
  let clock: number;
  beforeEach(() => {
    temp = makeTempDataDir();
    clock = 1_000_000;
  });
  afterEach(() => temp.cleanup());
  const open = () => temp.open({ now: () => clock });

  it('appends events as pending and due at once, with sortable ULIDs', () => {
    const store = open();
    const { inserted, duplicates } = store.events.append([webhook('f', { n: 1 }), webhook('f', { n: 2 }), webhook('g', { n: 3 })]);
    expect(duplicates).to.equal(0);
    expect(inserted).to.have.length(3);
    for (const id of inserted) expect(id).to.match(EVENT_ID_PATTERN);
    expect([...inserted].sort()).to.deep.equal(inserted);
    expect(store.events.get(inserted[0]!)).to.deep.equal({
      id: inserted[0], flow: 'f', source: 'webhook', payload: { n: 1 }, receivedAt: clock, status: 'pending',
      attempts: 0, nextAttemptAt: clock, updatedAt: clock,
    });
  });

  it('skips an event whose flow and dedupe key were stored before, also within one append', () => {
    const store = open();
    const first = store.events.append([webhook('f', 1, 'delivery-1'), webhook('f', 2, 'delivery-2')]);
    expect(first.inserted).to.have.length(2);
    const second = store.events.append([webhook('f', 3, 'delivery-1'), webhook('f', 4, 'delivery-3'), webhook('f', 5, 'delivery-3')]);
    expect(second.duplicates).to.equal(2);
    expect(second.inserted).to.have.length(1);
    expect(store.events.get(second.inserted[0]!)?.payload).to.equal(4);
    // Same key, another flow: not a duplicate. No key: never a duplicate.
    expect(store.events.append([webhook('g', 6, 'delivery-1'), webhook('f', 7), webhook('f', 7)]).inserted).to.have.length(3);
    expect(store.events.list({ flow: 'f' }).map((e) => e.payload)).to.deep.equal([7, 7, 4, 2, 1]);
  });

  it('stores very long dedupe keys as their hash, still deduplicating', () => {
    const store = open();
    const key = 'k'.repeat(5000);
    const { inserted } = store.events.append([webhook('f', 1, key)]);
    expect(store.events.append([webhook('f', 2, key)]).duplicates).to.equal(1);
    expect(store.events.get(inserted[0]!)?.dedupeKey).to.match(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a malformed or oversized event before writing any of the list', () => {
    const store = open();
    expectStoreError(() => store.events.append([webhook('f', 1), webhook('f', 'x'.repeat(1024 * 1024 + 1))]), 'STORE_INVALID_VALUE');
    expectStoreError(() => store.events.append([webhook('f', { big: 10n })]), 'STORE_INVALID_VALUE');
    expectStoreError(() => store.events.append([webhook('', 1)]), 'STORE_INVALID_VALUE');
    expectStoreError(() => store.events.append([{ flow: 'f', source: 'carrier-pigeon' as 'webhook', payload: 1 }]), 'STORE_INVALID_VALUE');
    expect(store.events.counts()).to.deep.equal({ pending: 0, running: 0, succeeded: 0, failed: 0 });
  });

  it('claims due pending events of one flow, longest-due first, up to the limit', () => {
    const store = open();
    const [a, b] = store.events.append([webhook('f', 'a'), webhook('f', 'b')]).inserted;
    store.events.append([webhook('other', 'x')]);
    clock += 10;
    const [c] = store.events.append([webhook('f', 'c')]).inserted;
    // Not due yet: claimed at its time, not before.
    expect(store.events.claim('f', 1, clock - 20)).to.deep.equal([]);
    const firstTwo = store.events.claim('f', 2);
    expect(firstTwo.map((e) => e.id)).to.deep.equal([a, b]);
    expect(firstTwo.every((e) => e.status === 'running' && e.attempts === 1)).to.equal(true);
    expect(store.events.claim('f', 10).map((e) => e.id)).to.deep.equal([c]);
    expect(store.events.claim('f', 10)).to.deep.equal([]);
    expect(store.events.claim('f', 0)).to.deep.equal([]);
    expect(store.events.counts()).to.deep.equal({ pending: 1, running: 3, succeeded: 0, failed: 0 });
  });

  it('records success, retries later after a temporary failure, and fails for good', () => {
    const store = open();
    const [ok, flaky, bad] = store.events.append([webhook('f', 1), webhook('f', 2), webhook('f', 3)]).inserted as [string, string, string];
    store.events.claim('f', 3);
    expect(store.events.succeed(ok, 'exec-1')).to.equal(true);
    expect(store.events.succeed(ok, 'exec-1')).to.equal(false); // already finished
    expect(store.events.fail(flaky, { code: 'HTTP_STATUS', message: '503 from acme' }, clock + 5_000, 'exec-2')).to.equal(true);
    expect(store.events.fail(bad, { code: 'EXPR_EVAL', message: 'no such field' }, undefined, 'exec-3')).to.equal(true);

    expect(store.events.get(ok)).to.deep.include({ status: 'succeeded', executionId: 'exec-1', attempts: 1 });
    expect(store.events.get(flaky)).to.deep.include({
      status: 'pending', nextAttemptAt: clock + 5_000, executionId: 'exec-2', lastError: { code: 'HTTP_STATUS', message: '503 from acme' },
    });
    expect(store.events.get(bad)).to.deep.include({ status: 'failed', lastError: { code: 'EXPR_EVAL', message: 'no such field' } });

    expect(store.events.claim('f', 10)).to.deep.equal([]);
    clock += 5_000;
    const again = store.events.claim('f', 10);
    expect(again.map((e) => [e.id, e.attempts])).to.deep.equal([[flaky, 2]]);
    expect(store.events.succeed(flaky, 'exec-4')).to.equal(true);
    expect(store.events.get(flaky)).to.not.have.property('lastError');
  });

  it('puts a failed event back to pending with `retry`, attempts reset', () => {
    const store = open();
    const [id] = store.events.append([webhook('f', 1)]).inserted as [string];
    expect(store.events.retry(id)).to.equal(false); // pending, not failed
    store.events.claim('f', 1);
    store.events.fail(id, { code: 'X', message: 'm' }, undefined);
    clock += 100;
    expect(store.events.retry(id)).to.equal(true);
    expect(store.events.get(id)).to.deep.include({ status: 'pending', attempts: 0, nextAttemptAt: clock });
    expect(store.events.claim('f', 1).map((e) => e.id)).to.deep.equal([id]);
  });

  it('requeues events left running by a process that stopped, after reopening', () => {
    const first = open();
    const ids = first.events.append([webhook('f', 1), webhook('f', 2), webhook('f', 3)]).inserted;
    first.events.claim('f', 2);
    first.close(); // the worker never finished them

    clock += 60_000;
    const second = open();
    expect(second.events.counts()).to.deep.equal({ pending: 1, running: 2, succeeded: 0, failed: 0 });
    expect(second.events.requeueRunning()).to.equal(2);
    expect(second.events.requeueRunning()).to.equal(0);
    const claimed = second.events.claim('f', 10);
    expect(claimed.map((e) => e.id)).to.deep.equal(ids);
    expect(claimed.map((e) => e.attempts)).to.deep.equal([2, 2, 1]);
  });

  it('replays stored payloads as new events, by ids or by flow and time range', () => {
    const store = open();
    const [a] = store.events.append([webhook('f', { n: 'a' }, 'k-a')]).inserted as [string];
    clock += 1000;
    const [b] = store.events.append([webhook('f', { n: 'b' }, 'k-b')]).inserted as [string];
    clock += 1000;
    store.events.append([webhook('f', { n: 'c' }), webhook('g', { n: 'g' })]);

    const byIds = store.events.replay({ ids: [b, a, 'NOT-AN-ID', b] }, 'f2');
    expect(byIds.map((id) => store.events.get(id)!).map((e) => [e.flow, e.source, e.payload, e.replayOf, e.dedupeKey]))
      .to.deep.equal([['f2', 'replay', { n: 'a' }, a, undefined], ['f2', 'replay', { n: 'b' }, b, undefined]]);

    // Into the same flow: dedupe keys are not copied, and the copies are not replayed again.
    const byRange = store.events.replay({ flow: 'f', since: 1_001_000, until: 1_002_001 }, 'f');
    expect(byRange.map((id) => store.events.get(id)!.payload)).to.deep.equal([{ n: 'b' }, { n: 'c' }]);
    expect(store.events.replay({ flow: 'f', limit: 1 }, 'f').map((id) => store.events.get(id)!.payload)).to.deep.equal([{ n: 'a' }]);
    expectStoreError(() => store.events.replay({}, 'f'), 'STORE_INVALID_VALUE');
  });

  it('lists newest first with filters, counts by status, and prunes finished events', () => {
    const store = open();
    const ids = store.events.append([webhook('f', 1, 'one'), webhook('f', 2), webhook('g', 3)]).inserted;
    store.events.claim('f', 1);
    store.events.succeed(ids[0]!);
    expect(store.events.list().map((e) => e.id)).to.deep.equal([...ids].reverse());
    expect(store.events.list({ flow: 'f', status: 'pending' }).map((e) => e.id)).to.deep.equal([ids[1]]);
    expect(store.events.list({ limit: 1 })).to.have.length(1);
    expect(store.events.counts()).to.deep.equal({ pending: 2, running: 0, succeeded: 1, failed: 0 });

    expect(store.events.prune(clock)).to.equal(0);
    clock += 1;
    expect(store.events.prune(clock)).to.equal(1);
    expect(store.events.get(ids[0]!)).to.equal(undefined);
    // Its dedupe key went with it.
    expect(store.events.append([webhook('f', 1, 'one')]).inserted).to.have.length(1);
  });

  it('joins the caller\'s transaction: a rollback takes the appended events with it', () => {
    const store = open();
    expect(() => store.transaction(() => {
      store.events.append([webhook('f', 1)]);
      throw new Error('flow start failed');
    })).to.throw('flow start failed');
    expect(store.events.counts().pending).to.equal(0);
  });
});
