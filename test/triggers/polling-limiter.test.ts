import { expect } from 'chai';
import { createPollLimiter } from '../../src/triggers/polling-limiter.js';

describe('poll limiter', () => {
  it('starts at most `limit` items, in arrival order, and the next one when a slot is released', () => {
    const started: number[] = [];
    const limiter = createPollLimiter<number>(2, (n) => started.push(n));
    for (let i = 1; i <= 5; i++) limiter.push(i);
    expect(started).to.deep.equal([1, 2]);
    expect([limiter.active, limiter.waiting]).to.deep.equal([2, 3]);
    limiter.release();
    expect(started).to.deep.equal([1, 2, 3]);
    limiter.release();
    limiter.release();
    expect(started).to.deep.equal([1, 2, 3, 4, 5]);
    expect([limiter.active, limiter.waiting]).to.deep.equal([2, 0]);
  });

  it('handles items that finish at once (release inside start) without recursing, 20,000 in a row', () => {
    const started: number[] = [];
    let limiter!: ReturnType<typeof createPollLimiter<number>>;
    // Held first, so the others queue behind it; once it is released each later one finishes at once.
    limiter = createPollLimiter<number>(1, (n) => {
      started.push(n);
      if (n > 0) limiter.release();
    });
    limiter.push(0);
    for (let i = 1; i <= 20_000; i++) limiter.push(i);
    expect(limiter.waiting).to.equal(20_000);
    limiter.release();
    expect(started).to.have.length(20_001);
    expect(started.every((n, i) => n === i), 'arrival order').to.equal(true);
    expect([limiter.active, limiter.waiting]).to.deep.equal([0, 0]);
  });

  it('keeps arrival order under steady overload, when the queue never drains', () => {
    const started: number[] = [];
    const limiter = createPollLimiter<number>(4, (n) => started.push(n));
    let next = 0;
    for (let i = 0; i < 3000; i++) limiter.push(next++);
    // Each round: 1,000 finish and 1,000 more arrive, so the queue stays about 2,000 long for 20 rounds.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) limiter.release();
      for (let i = 0; i < 1000; i++) limiter.push(next++);
      expect(limiter.waiting).to.equal(next - started.length);
    }
    expect(started.every((n, i) => n === i)).to.equal(true);
    expect(limiter.active).to.equal(4);
  });

  it('clear() hands back the waiting items, oldest first, and leaves running ones their slots', () => {
    const started: string[] = [];
    const limiter = createPollLimiter<string>(1, (s) => started.push(s));
    for (const s of ['a', 'b', 'c']) limiter.push(s);
    expect(limiter.clear()).to.deep.equal(['b', 'c']);
    expect([limiter.active, limiter.waiting]).to.deep.equal([1, 0]);
    limiter.release();
    expect(started, 'dropped items never start').to.deep.equal(['a']);
    limiter.push('d');
    expect(started).to.deep.equal(['a', 'd']);
  });

  it('refuses a limit that is not a positive whole number, and a release without a started item', () => {
    expect(() => createPollLimiter(0, () => undefined)).to.throw(RangeError);
    expect(() => createPollLimiter(1.5, () => undefined)).to.throw(RangeError);
    expect(() => createPollLimiter(1, () => undefined).release()).to.throw(/without a started item/);
  });
});
