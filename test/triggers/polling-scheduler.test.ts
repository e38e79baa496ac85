import { expect } from 'chai';
import { DEFAULT_TIMEZONE } from '../../src/compile/parse-quantity.js';
import type { ProjectModel, UserFlow } from '../../src/model/model.js';
import { createManualClock, type ManualClock } from '../../src/triggers/manual-clock.js';
import { createPollingScheduler, spreadOffsetMs, spreadPhase, type PollingScheduler, type PollingSchedulerOptions } from '../../src/triggers/polling-scheduler.js';
import type { PollingStore } from '../../src/store/event-store.js';
import { createRig, silentLogger, type Rig } from './trigger-rig.js';
import { connectorYaml, flowYaml, SCHEDULE, startItemService, type ItemService } from './polling-fixture.js';

describe('polling scheduler', () => {
  let service: ItemService;
  let rig: Rig;
  let clock: ManualClock;
  let scheduler: PollingScheduler | undefined;
  const emittedNotices: { flow: string; ids: readonly string[] }[] = [];
  const skips: string[] = [];

  async function setUp(flows: Record<string, string>): Promise<void> {
    rig = await createRig({ 'connectors/svc.yaml': connectorYaml(service.url), ...flows });
    clock = createManualClock();
  }

  function start(extra: Partial<PollingSchedulerOptions> = {}): PollingScheduler {
    scheduler = createPollingScheduler({
      clock,
      engine: rig.engine,
      store: rig.store,
      connections: rig.store.connections,
      model: rig.model,
      logger: silentLogger,
      onEvent: (flow, ids) => emittedNotices.push({ flow, ids }),
      metrics: { skipped: (flow) => skips.push(flow) },
      ...extra,
    });
    return scheduler;
  }

  /** One tick of the shared schedule, then wait until every run it started has finished. */
  async function tick(): Promise<void> {
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    await scheduler!.whenIdle();
  }

  const eventsOf = (flow: string) => rig.store.events.list({ flow, limit: 1000 }).reverse(); // oldest first

  beforeEach(async () => {
    service = await startItemService();
    emittedNotices.length = 0;
    skips.length = 0;
  });

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    clock?.stop();
    rig?.close();
    await service.close();
  });

  it('seeds on the first run without emitting, then emits only records that are new', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    service.add(3);
    start();
    await tick();
    expect(eventsOf('items-to-log'), 'the first run only seeds').to.have.length(0);
    expect(rig.store.polling.getCursor('items-to-log')).to.deep.equal({ cursor: 3, seeded: true });
    expect(service.sinces).to.deep.equal(['0']);

    service.add(2);
    await tick();
    const events = eventsOf('items-to-log');
    expect(events.map((e) => (e.payload as { id: string }).id)).to.deep.equal(['item-4', 'item-5']);
    expect(events.every((e) => e.source === 'polling' && e.status === 'pending')).to.equal(true);
    expect(service.sinces).to.deep.equal(['0', '3']);
    expect(emittedNotices).to.deep.equal([{ flow: 'items-to-log', ids: events.map((e) => e.id) }]);

    await tick();
    expect(eventsOf('items-to-log'), 'nothing new: nothing emitted').to.have.length(2);
  });

  it('skips records whose dedupe key was seen within the window', async () => {
    await setUp({ 'flows/recent.yaml': flowYaml('recent-to-log', 'recent_items') });
    service.add(3);
    const s = start();
    const seeded = await s.pollNow('recent-to-log');
    expect(seeded).to.include({ ok: true, seeded: true, records: 3 });
    service.add(1);
    const second = await s.pollNow('recent-to-log');
    // The monitor returns all four items again; three were seen.
    expect(second).to.deep.include({ ok: true, seeded: false, records: 4, duplicates: 3 });
    expect(eventsOf('recent-to-log').map((e) => (e.payload as { id: string }).id)).to.deep.equal(['item-4']);
  });

  it('keeps the cursor when a poll fails, shows the error, and retries on the next tick', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    service.add(2);
    const s = start();
    await tick();
    service.add(2);
    service.failing = true;
    await tick();
    expect(rig.store.polling.getCursor('items-to-log')).to.deep.equal({ cursor: 2, seeded: true });
    expect(eventsOf('items-to-log')).to.have.length(0);
    const [status] = s.status();
    expect(status.flow).to.equal('items-to-log');
    expect(status.lastError?.code).to.equal('HTTP_STATUS');
    expect(rig.store.polling.list()[0].lastError?.code).to.equal('HTTP_STATUS');

    service.failing = false;
    await tick();
    expect(service.sinces).to.deep.equal(['0', '2', '2']);
    expect(eventsOf('items-to-log').map((e) => (e.payload as { id: string }).id)).to.deep.equal(['item-3', 'item-4']);
    expect(s.status()[0].lastError).to.equal(undefined);
  });

  it('never overlaps runs of one monitor: a tick during a slow run is skipped and counted', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    let release!: () => void;
    service.gate = new Promise<void>((resolve) => (release = resolve));
    const s = start();
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    // Wait until the first poll reached the server and is held there.
    while (service.log.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(s.status()[0].running).to.equal(true);
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    expect(skips).to.deep.equal(['items-to-log', 'items-to-log']);
    release();
    await s.whenIdle();
    expect(service.log, 'one request: the skipped ticks sent nothing').to.have.length(1);
    expect(s.status()[0]).to.include({ running: false, skipped: 2 });
    await tick();
    expect(service.log).to.have.length(2);
  });

  it('runs 1,000 monitors on one schedule from one clock subscription, at most `concurrency` at once', async function () {
    this.timeout(60_000);
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    service.add(1);
    const base = rig.model.flows.get('items-to-log')!;
    const flows = new Map<string, UserFlow>();
    for (let i = 0; i < 1000; i++) flows.set(`monitor-${i}`, { ...base, name: `monitor-${i}` });
    const model: ProjectModel = { ...rig.model, flows };
    start({ model, concurrency: 8 });
    expect(clock.timerCount()).to.equal(1);
    expect(clock.timersStarted).to.equal(1);
    expect(clock.listenerCount(SCHEDULE, DEFAULT_TIMEZONE)).to.equal(1);
    await tick();
    expect(service.sinces).to.have.length(1000);
    expect(service.maxInFlight).to.be.at.most(8);
    expect(rig.store.polling.list().filter((m) => m.seeded)).to.have.length(1000);
  });

  /** `count` copies of the items-to-log flow, and a store that notes when each run starts (runPoll reads the cursor first). */
  async function manyMonitors(count: number): Promise<{ model: ProjectModel; store: PollingSchedulerOptions['store']; starts: { flow: string; at: number }[] }> {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    const base = rig.model.flows.get('items-to-log')!;
    const flows = new Map<string, UserFlow>();
    for (let i = 0; i < count; i++) flows.set(`monitor-${i}`, { ...base, name: `monitor-${i}` });
    const starts: { flow: string; at: number }[] = [];
    const polling = rig.store.polling;
    const watched: PollingStore = {
      getCursor: (monitor) => {
        starts.push({ flow: monitor, at: performance.now() });
        return polling.getCursor(monitor);
      },
      commitPollResult: (input) => polling.commitPollResult(input),
      recordFailure: (monitor, error) => polling.recordFailure(monitor, error),
      list: () => polling.list(),
      remove: (monitor) => polling.remove(monitor),
    };
    return { model: { ...rig.model, flows }, store: { polling: watched, transaction: (fn) => rig.store.transaction(fn) }, starts };
  }

  it('spreads the starts of a tick over half the interval, each monitor at its own stable offset', async () => {
    const { model, store, starts } = await manyMonitors(30);
    start({ model, store });
    const next = Date.now() + 400;
    clock.setNextRun(SCHEDULE, DEFAULT_TIMEZONE, new Date(next));
    const tickedAt = performance.now();
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    // The window is half of what was left of the interval when the tick arrived: at least this much.
    const window = (next - Date.now()) * 0.5;
    await scheduler!.whenIdle();
    expect(starts).to.have.length(30);
    const byPhase = [...model.flows.keys()].sort((a, b) => spreadPhase(a) - spreadPhase(b));
    expect(starts.map((s) => s.flow), 'started in phase order').to.deep.equal(byPhase);
    for (const s of starts) {
      // Never before its offset (timers round to whole milliseconds).
      expect(s.at - tickedAt, s.flow).to.be.at.least(spreadOffsetMs(s.flow, window) - 2);
    }
    expect(starts[29]!.at - tickedAt, 'the last one waited for most of the window').to.be.at.least(window * spreadPhase(byPhase[29]!) - 2);
  });

  it('counts a tick as skipped for a monitor still waiting for its spread offset, and stop() drops those waiting', async () => {
    const { model, store, starts } = await manyMonitors(20);
    const s = start({ model, store });
    clock.setNextRun(SCHEDULE, DEFAULT_TIMEZONE, new Date(Date.now() + 120_000)); // a 60 s window
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    const waiting = s.status().filter((m) => m.waiting).length;
    expect(waiting, 'most wait for their offset').to.be.greaterThan(15);
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    expect(skips.length, 'every monitor not yet finished is skipped').to.be.at.least(waiting);
    expect(s.status().filter((m) => m.waiting).map((m) => m.skipped)).to.satisfy((n: number[]) => n.every((x) => x === 1));
    await s.stop(); // would wait for the 60 s window if the waiting runs were not dropped
    expect(service.log).to.have.length(starts.length);
    expect(s.status().every((m) => !m.waiting && !m.running)).to.equal(true);
  });

  it('drops the spread wait of a monitor whose flow is removed, so whenIdle does not wait for it', async () => {
    const { model, store, starts } = await manyMonitors(10);
    const s = start({ model, store });
    clock.setNextRun(SCHEDULE, DEFAULT_TIMEZONE, new Date(Date.now() + 120_000));
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    const waitingFlows = s.status().filter((m) => m.waiting).map((m) => m.flow);
    expect(waitingFlows.length).to.be.greaterThan(5);
    const kept = new Map([...model.flows].filter(([name]) => !waitingFlows.includes(name)));
    s.sync({ ...model, flows: kept }, rig.engine);
    await s.whenIdle();
    expect(starts.map((x) => x.flow)).to.not.include.members(waitingFlows);
    expect(s.status().map((m) => m.flow)).to.have.members([...kept.keys()]);
    expect(await s.pollNow(waitingFlows[0]!), 'gone').to.equal(undefined);
  });

  it('continues from the stored cursor after a restart', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    service.add(3);
    start();
    await tick();
    await scheduler!.stop();
    clock.stop();

    rig.reopen();
    clock = createManualClock();
    service.add(1);
    start({ engine: rig.engine });
    await tick();
    expect(service.sinces).to.deep.equal(['0', '3']);
    expect(eventsOf('items-to-log').map((e) => (e.payload as { id: string }).id)).to.deep.equal(['item-4']);
  });

  it('with `initial: {last: N}` emits the newest N records of the first run and remembers the others', async () => {
    await setUp({ 'flows/recent.yaml': flowYaml('recent-to-log', 'recent_items', '    initial: { last: 2 }\n') });
    service.add(5);
    start();
    await tick();
    expect(eventsOf('recent-to-log').map((e) => (e.payload as { id: string }).id)).to.deep.equal(['item-4', 'item-5']);
    await tick();
    expect(eventsOf('recent-to-log'), 'the older three were remembered as seen').to.have.length(2);
  });

  it('with `initial: {since}` passes it to the first run as the cursor and emits what that run returns', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created', '    initial: { since: "2026-01-01T00:00:00Z" }\n') });
    service.add(2);
    start();
    await tick();
    expect(service.sinces).to.deep.equal(['2026-01-01T00:00:00Z']);
    expect(eventsOf('items-to-log')).to.have.length(2);
    expect(rig.store.polling.getCursor('items-to-log')).to.deep.equal({ cursor: 2, seeded: true });
  });

  it('refuses a monitor result whose records are not a list (POLL_RESULT_INVALID) and keeps the monitor unseeded', async () => {
    await setUp({ 'flows/broken.yaml': flowYaml('broken', 'broken_items') });
    const s = start();
    const outcome = await s.pollNow('broken');
    expect(outcome?.ok).to.equal(false);
    if (outcome && !outcome.ok) {
      expect(outcome.error.code).to.equal('POLL_RESULT_INVALID');
      expect(outcome.error.message).to.contain('svc.broken_items').and.not.contain('not a list');
    }
    expect(rig.store.polling.getCursor('broken')?.seeded).to.equal(false);
  });

  it('gives up a run that outlives its timeout without committing it, and retries on the next tick', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    let release!: () => void;
    service.gate = new Promise<void>((resolve) => (release = resolve));
    service.add(2);
    const s = start({ runTimeoutMs: 50 });
    await tick();
    expect(s.status()[0].lastError?.code).to.equal('POLL_TIMEOUT');
    service.gate = undefined;
    release();
    // The given-up run's answer arrives now; it must not commit.
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.store.polling.getCursor('items-to-log')?.seeded).to.equal(false);
    await tick();
    expect(rig.store.polling.getCursor('items-to-log')).to.deep.equal({ cursor: 2, seeded: true });
  });

  it('follows project changes: new, removed, rescheduled and disabled flows', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created') });
    service.add(1);
    const s = start();
    await tick();
    expect(rig.store.polling.getCursor('items-to-log')?.seeded).to.equal(true);

    const model = await rig.reload({
      'flows/recent.yaml': flowYaml('recent-to-log', 'recent_items', '    schedule: "*/10 * * * * *"\n    timezone: Europe/Berlin\n'),
    });
    s.sync(model, rig.engine);
    expect(clock.timerCount()).to.equal(2);
    expect(s.status().map((m) => [m.flow, m.schedule, m.timezone])).to.have.deep.members([
      ['items-to-log', SCHEDULE, DEFAULT_TIMEZONE],
      ['recent-to-log', '*/10 * * * * *', 'Europe/Berlin'],
    ]);

    // Disabled: no timer, but its state stays. Removed: its state is forgotten.
    s.sync(await rig.reload({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created', '', false), 'flows/recent.yaml': null }), rig.engine);
    expect(clock.timerCount()).to.equal(0);
    expect(s.status()).to.deep.equal([]);
    expect(rig.store.polling.getCursor('items-to-log')?.seeded).to.equal(true);
    s.sync(await rig.reload({ 'flows/items.yaml': null }), rig.engine);
    expect(rig.store.polling.getCursor('items-to-log')).to.equal(undefined);
  });

  it('stop() drops runs that have not started and waits for running ones', async () => {
    await setUp({ 'flows/items.yaml': flowYaml('items-to-log', 'item_created'), 'flows/recent.yaml': flowYaml('recent-to-log', 'recent_items') });
    let release!: () => void;
    service.gate = new Promise<void>((resolve) => (release = resolve));
    const s = start({ concurrency: 1 });
    clock.tick(SCHEDULE, DEFAULT_TIMEZONE);
    while (service.log.length === 0) await new Promise((r) => setTimeout(r, 5));
    const stopping = s.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped, 'still waiting for the running poll').to.equal(false);
    release();
    await stopping;
    expect(service.log, 'the queued monitor never ran').to.have.length(1);
    expect(clock.timerCount()).to.equal(0);
  });
});

describe('spreadOffsetMs', () => {
  it('gives each monitor a stable offset inside the window, and none without a window', () => {
    const offsets = Array.from({ length: 200 }, (_, i) => spreadOffsetMs(`monitor-${i}`, 10_000));
    expect(offsets.every((o) => o >= 0 && o < 10_000)).to.equal(true);
    expect(new Set(offsets).size, 'spread, not bunched').to.be.greaterThan(150);
    expect(spreadOffsetMs('monitor-1', 10_000)).to.equal(offsets[1]);
    expect(spreadOffsetMs('monitor-1', 0)).to.equal(0);
  });
});
