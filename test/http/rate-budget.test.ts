// Excess calls wait for the connection's budget instead of failing.
import { expect } from 'chai';
import { RateBudgets, type RateClock } from '../../src/http/rate-budget.js';
import { createHttpClient } from '../../src/http/http-client.js';
import { json, localContext, rejection, request, startServer } from './test-server.js';

/** A clock that moves only when told, with timers fired by `advance`. */
function manualClock(): RateClock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer(handle) {
      timers = timers.filter((t) => t !== handle);
    },
    advance(ms) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        due.fn();
      }
    },
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('http: rate budget', () => {
  it('the 4th call within the window waits until the oldest slot frees, in FIFO order', async () => {
    const clock = manualClock();
    const budgets = new RateBudgets({ clock });
    const budget = { requests: 3, perMs: 1000 };
    const order: string[] = [];
    const calls = ['a', 'b', 'c', 'd', 'e'].map((name) => budgets.acquire('conn-1', budget).then((waited) => order.push(`${name}:${waited}`)));
    await settled();
    expect(order).to.deep.equal(['a:0', 'b:0', 'c:0']);
    expect(budgets.waiting).to.equal(2);
    clock.advance(999);
    await settled();
    expect(order).to.have.length(3);
    clock.advance(1);
    await Promise.all(calls);
    expect(order).to.deep.equal(['a:0', 'b:0', 'c:0', 'd:1000', 'e:1000']);
    budgets.close();
  });

  it('budgets are per key', async () => {
    const budgets = new RateBudgets({ clock: manualClock() });
    const budget = { requests: 1, perMs: 1000 };
    expect(await budgets.acquire('conn-1', budget)).to.equal(0);
    expect(await budgets.acquire('conn-2', budget)).to.equal(0);
    let third = false;
    void budgets.acquire('conn-1', budget).then(() => (third = true), () => undefined);
    await settled();
    expect(third).to.equal(false);
    budgets.close();
  });

  it('the wait queue is bounded: beyond it a call fails with HTTP_RATE_QUEUE_FULL', async () => {
    const budgets = new RateBudgets({ clock: manualClock(), maxWaiters: 2 });
    const budget = { requests: 1, perMs: 1000 };
    await budgets.acquire('k', budget);
    const waiting = [budgets.acquire('k', budget), budgets.acquire('k', budget)];
    const error = await rejection(budgets.acquire('k', budget));
    expect(error.code).to.equal('HTTP_RATE_QUEUE_FULL');
    budgets.close();
    for (const w of waiting) expect((await rejection(w)).code).to.equal('HTTP_ABORTED');
  });

  it('an aborted waiter leaves the queue', async () => {
    const budgets = new RateBudgets({ clock: manualClock() });
    const budget = { requests: 1, perMs: 1000 };
    await budgets.acquire('k', budget);
    const controller = new AbortController();
    const waiting = budgets.acquire('k', budget, controller.signal);
    controller.abort();
    expect((await rejection(waiting)).code).to.equal('HTTP_ABORTED');
    expect(budgets.waiting).to.equal(0);
    budgets.close();
  });

  it('through the client: the 4th request reaches the server only after the first three, and says it waited', async () => {
    const server = await startServer();
    const client = createHttpClient();
    try {
      server.reset((req, res) => json(res, 200, { n: req.url }));
      const context = localContext({ rateKey: 'conn-1', rateBudget: { requests: 3, perMs: 300 } });
      const responses = await Promise.all([1, 2, 3, 4].map((n) => client.send(request(`${server.base}/${n}`), context)));
      expect(server.received.map((r) => r.url).slice(3)).to.deep.equal(['/4']);
      const waits = responses.map((r) => r.attempts?.[0]?.rateWaitMs ?? 0);
      expect(waits.slice(0, 3)).to.deep.equal([0, 0, 0]);
      expect(waits[3]).to.be.greaterThan(0);
    } finally {
      client.close();
      await server.close();
    }
  });
});
