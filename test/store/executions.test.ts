import { expect } from 'chai';
import { RuntimeError, isRuntimeError } from '../../src/errors/runtime-error.js';
import { REDACTED } from '../../src/store/redact.js';
import { makeTempDataDir, rawDatabaseBytes, type TempDataDir } from './temp-data-dir.js';

const CANARY = 'canary-api-key-9d8e7f6a5b4c';
const CANARY_TOKEN = 'canary-refreshed-token-1a2b3c';
const ORIGIN = { file: 'connectors/github.yaml', line: 40, column: 9 };

function fakeClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => (t += 10);
}

describe('store: execution records', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('records an execution with its steps and shows them back in order', () => {
    const store = temp.open({ now: fakeClock() });
    const log = store.executions;
    const id = log.start({ kind: 'action', target: 'github.create_issue', connection: 'my-github', input: { title: 'Bug' } });
    log.step(id, { stepId: 'created', kind: 'request', origin: ORIGIN, status: 'succeeded', startedAt: 1, endedAt: 5, input: { method: 'POST' }, output: { status: 201, body: { id: 7 } } });
    log.step(id, { kind: 'return', status: 'succeeded', startedAt: 5, endedAt: 6, output: { id: 7 } });
    log.finish(id, 'succeeded', { id: 7 });

    const shown = log.show(id)!;
    expect(shown).to.deep.include({
      id, kind: 'action', target: 'github.create_issue', connection: 'my-github', status: 'succeeded',
      input: { title: 'Bug' }, output: { id: 7 }, stepCount: 2, stepsOmitted: 0,
    });
    expect(shown.endedAt).to.be.greaterThan(shown.startedAt);
    expect(shown.steps).to.deep.equal([
      { seq: 1, stepId: 'created', kind: 'request', origin: 'connectors/github.yaml:40:9', status: 'succeeded', startedAt: 1, endedAt: 5, input: { method: 'POST' }, output: { status: 201, body: { id: 7 } } },
      { seq: 2, kind: 'return', status: 'succeeded', startedAt: 5, endedAt: 6, output: { id: 7 } },
    ]);
    expect(log.show('no-such-id')).to.equal(undefined);
  });

  it('takes the positional form of start too', () => {
    const store = temp.open();
    const id = store.executions.start('flow', 'onboard-user', undefined, { email: 'a@b.c' }, [CANARY]);
    store.executions.finish(id, 'succeeded');
    expect(store.executions.show(id)).to.deep.include({ kind: 'flow', target: 'onboard-user', status: 'succeeded', input: { email: 'a@b.c' } });
    expect(store.executions.show(id)).not.to.have.property('connection');
  });

  it('records failures with code, message, actor, origin and trail, redacted', () => {
    const store = temp.open();
    const id = store.executions.start({ kind: 'action', target: 'acme.create_ticket', input: {}, secrets: [CANARY] });
    const error = new RuntimeError('HTTP_STATUS', `remote said no to key ${CANARY}`, {
      actor: 'operational', origin: ORIGIN, status: 403, body: { error: 'forbidden', echoed: CANARY },
      trail: ['step created (connectors/github.yaml:40:9)', `sent header X-Key: ${CANARY}`],
    });
    store.executions.step(id, { stepId: 'created', kind: 'request', origin: ORIGIN, status: 'failed', startedAt: 1, endedAt: 2, error });
    store.executions.finish(id, 'failed', error);
    const expected = {
      code: 'HTTP_STATUS', message: `remote said no to key ${REDACTED}`, actor: 'operational', origin: ORIGIN, status: 403,
      body: { error: 'forbidden', echoed: REDACTED }, trail: ['step created (connectors/github.yaml:40:9)', `sent header X-Key: ${REDACTED}`],
    };
    const shown = store.executions.show(id)!;
    expect(shown.status).to.equal('failed');
    expect(shown.error).to.deep.equal(expected);
    expect(shown.steps[0]?.error).to.deep.equal(expected);
    expect(store.executions.list()[0]?.error?.code).to.equal('HTTP_STATUS');

    const other = store.executions.start({ kind: 'flow', target: 'f' });
    store.executions.finish(other, 'failed', new TypeError('x is not a function'));
    expect(store.executions.show(other)?.error).to.deep.equal({ code: 'INTERNAL_ERROR', message: 'x is not a function', actor: 'bug' });
  });

  it('removes the canary secrets from everything recorded, also in the raw database and WAL bytes', () => {
    const store = temp.open();
    const id = store.executions.start({
      kind: 'action', target: 'acme.get', connection: 'c', secrets: [CANARY],
      input: { query: `?api_key=${CANARY}`, headers: { Authorization: `Bearer ${CANARY}` } },
    });
    store.executions.step(id, { kind: 'request', status: 'succeeded', startedAt: 1, endedAt: 2, input: { url: `https://x.example/?k=${encodeURIComponent(CANARY)}` }, output: { body: { echo: CANARY } } });
    // A token refreshed in the middle of the run is added to what is removed.
    store.executions.addSecrets(id, [CANARY_TOKEN]);
    store.executions.step(id, { kind: 'request', status: 'succeeded', startedAt: 2, endedAt: 3, output: { note: `new token ${CANARY_TOKEN}` } });
    store.executions.finish(id, 'succeeded', { echoed: `${CANARY}/${CANARY_TOKEN}`, password: 'hunter22' });

    const shown = store.executions.show(id)!;
    const text = JSON.stringify(shown);
    expect(text).not.to.include(CANARY);
    expect(text).not.to.include(CANARY_TOKEN);
    expect(text).not.to.include('hunter22');
    expect(shown.input).to.deep.equal({ query: `?api_key=${REDACTED}`, headers: { Authorization: REDACTED } });
    expect(shown.steps[1]?.output).to.deep.equal({ note: `new token ${REDACTED}` });
    expect(shown.output).to.deep.equal({ echoed: `${REDACTED}/${REDACTED}`, password: REDACTED });
    const raw = rawDatabaseBytes(temp.dir);
    expect(raw).to.include('acme.get');
    expect(raw).not.to.include(CANARY);
    expect(raw).not.to.include(CANARY_TOKEN);
  });

  it('caps recorded values at the size limit', () => {
    const store = temp.open({ executionLimits: { maxValueBytes: 2048 } });
    const big = { rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `row ${i}` })) };
    const id = store.executions.start({ kind: 'flow', target: 'f', input: big });
    store.executions.finish(id, 'succeeded', { small: true });
    const shown = store.executions.show(id)!;
    expect(shown.input).to.deep.equal({ truncated: true, size: JSON.stringify(big).length, preview: JSON.stringify(big).slice(0, 1024) });
    expect(shown.output).to.deep.equal({ small: true });
  });

  it('counts steps beyond the per-execution limit without recording them', () => {
    const store = temp.open({ executionLimits: { maxStepsPerExecution: 3 } });
    const id = store.executions.start({ kind: 'flow', target: 'f' });
    for (let i = 0; i < 10; i++) store.executions.step(id, { kind: 'map', status: 'succeeded', startedAt: i, endedAt: i, output: i });
    store.executions.finish(id, 'succeeded');
    const shown = store.executions.show(id)!;
    expect(shown.steps.map((s) => s.output)).to.deep.equal([0, 1, 2]);
    expect(shown).to.include({ stepCount: 10, stepsOmitted: 7 });
  });

  it('refuses steps and results for executions it never started or already finished', () => {
    const store = temp.open();
    let code = '';
    try {
      store.executions.step('nope', { kind: 'map', status: 'succeeded', startedAt: 0, endedAt: 0 });
    } catch (e) {
      code = isRuntimeError(e) ? e.code : '';
    }
    expect(code).to.equal('STORE_UNKNOWN_EXECUTION');
    const id = store.executions.start({ kind: 'flow', target: 'f' });
    store.executions.finish(id, 'succeeded');
    expect(() => store.executions.finish(id, 'succeeded')).to.throw(RuntimeError, /already finished/);
  });

  it('lists newest first, filtered by status and target, limited', () => {
    const store = temp.open({ now: fakeClock() });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = store.executions.start({ kind: 'flow', target: i % 2 === 0 ? 'even' : 'odd' });
      ids.push(id);
      if (i < 4) store.executions.finish(id, i === 1 ? 'failed' : 'succeeded', i === 1 ? new RuntimeError('X_FAILED', 'x') : undefined);
    }
    expect(store.executions.list().map((e) => e.id)).to.deep.equal([...ids].reverse());
    expect(store.executions.list({ limit: 2 }).map((e) => e.id)).to.deep.equal([ids[5], ids[4]]);
    expect(store.executions.list({ status: 'running' }).map((e) => e.id)).to.deep.equal([ids[5], ids[4]]);
    expect(store.executions.list({ status: 'failed' }).map((e) => e.id)).to.deep.equal([ids[1]]);
    expect(store.executions.list({ target: 'even' }).map((e) => e.id)).to.deep.equal([ids[4], ids[2], ids[0]]);
    expect(store.executions.list({ target: 'even', status: 'succeeded' }).map((e) => e.id)).to.deep.equal([ids[2], ids[0]]);
    expect(store.executions.list({ limit: 0 })).to.have.length(6);
  });

  it('records 50 interleaved concurrent executions completely', async () => {
    const store = temp.open();
    const run = async (n: number): Promise<string> => {
      const id = store.executions.start({ kind: 'flow', target: `flow-${n % 5}`, input: { n } });
      for (let s = 0; s < 4; s++) {
        await new Promise((resolve) => setImmediate(resolve));
        store.executions.step(id, { kind: 'map', status: 'succeeded', startedAt: s, endedAt: s, output: { n, s } });
      }
      store.executions.finish(id, 'succeeded', { n });
      return id;
    };
    const ids = await Promise.all(Array.from({ length: 50 }, (_, n) => run(n)));
    // The batched writes reach the database on their own within a turn: another connection sees them all.
    await new Promise((resolve) => setImmediate(resolve));
    const reopened = temp.open();
    expect(reopened.executions.list({ limit: 100 })).to.have.length(50);
    ids.forEach((id, n) => {
      const shown = reopened.executions.show(id)!;
      expect(shown.status).to.equal('succeeded');
      expect(shown.output).to.deep.equal({ n });
      expect(shown.steps.map((s) => s.output)).to.deep.equal([0, 1, 2, 3].map((s) => ({ n, s })));
    });
  });
});
