// The one test of the real node-cron adapter; everything else drives the same sharing logic with manual ticks.
import { expect } from 'chai';
import cron from 'node-cron';
import { createScheduleClock } from '../../src/triggers/schedule-clock.js';
import { createManualClock } from '../../src/triggers/manual-clock.js';

describe('schedule clock', () => {
  it('fires an every-second schedule through one node-cron task shared by its listeners', async function () {
    this.timeout(10_000);
    const clock = createScheduleClock();
    const tasksBefore = cron.getTasks().size;
    try {
      const ticks: Date[] = [];
      let second = 0;
      const first = new Promise<void>((resolve) => {
        clock.subscribe('* * * * * *', 'UTC', (at) => {
          ticks.push(at);
          resolve();
        });
      });
      const unsubscribeSecond = clock.subscribe('* * * * * *', 'UTC', () => (second += 1));
      expect(clock.timerCount()).to.equal(1);
      expect(cron.getTasks().size - tasksBefore, 'two listeners, one task').to.equal(1);
      const next = clock.nextRun('* * * * * *', 'UTC');
      expect(next).to.be.instanceOf(Date);
      expect(next!.getTime() - Date.now()).to.be.at.most(1000);

      // A tick arrives within about a second; 2.5 s leaves room for a loaded machine.
      await Promise.race([first, new Promise((_, reject) => setTimeout(() => reject(new Error('no tick within 2.5 s')), 2500))]);
      expect(ticks[0]).to.be.instanceOf(Date);
      expect(second).to.be.at.least(1);
      unsubscribeSecond();
      expect(clock.timerCount(), 'the first listener still holds the timer').to.equal(1);
    } finally {
      clock.stop();
    }
    expect(clock.timerCount()).to.equal(0);
    expect(clock.nextRun('* * * * * *', 'UTC')).to.equal(undefined);
  });
});

describe('manual clock', () => {
  it('shares one timer per schedule and time zone and drops it with the last listener', () => {
    const clock = createManualClock();
    const calls: string[] = [];
    const offA = clock.subscribe('*/5 * * * * *', undefined, () => calls.push('a'));
    const offB = clock.subscribe('*/5 * * * * *', undefined, () => calls.push('b'));
    const offBerlin = clock.subscribe('*/5 * * * * *', 'Europe/Berlin', () => calls.push('berlin'));
    expect(clock.timerCount()).to.equal(2);
    expect(clock.tick('*/5 * * * * *')).to.equal(2);
    expect(calls).to.deep.equal(['a', 'b']);
    offA();
    offA(); // a second call changes nothing
    expect(clock.listenerCount('*/5 * * * * *', undefined)).to.equal(1);
    offB();
    expect(clock.timerCount()).to.equal(1);
    expect(clock.tick('*/5 * * * * *')).to.equal(0);
    offBerlin();
    expect(clock.timerCount()).to.equal(0);
  });

  it('keeps ticking the other listeners when one throws', () => {
    const errors: unknown[] = [];
    const clock = createManualClock((e) => errors.push(e));
    let called = 0;
    clock.subscribe('0 * * * *', undefined, () => {
      throw new Error('boom');
    });
    clock.subscribe('0 * * * *', undefined, () => (called += 1));
    expect(clock.tickAll()).to.equal(2);
    expect(called).to.equal(1);
    expect(errors).to.have.length(1);
  });
});
