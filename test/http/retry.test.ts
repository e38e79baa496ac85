// got retries nothing; the pipeline's own loop does: which answers and errors are retried, how long it waits.
import { expect } from 'chai';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { backoffDelayMs, DEFAULT_RETRY_OPTIONS, parseRetryAfter } from '../../src/http/retry-policy.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';

describe('http: retries', () => {
  let server: TestServer;
  let client: HttpClient;

  before(async () => {
    server = await startServer();
    // A small base delay keeps the suite fast; the cap on Retry-After is lowered to test refusal.
    client = createHttpClient({ retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 5000 } });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  /** Answers the given statuses in order (then 200 with the call count). */
  function answerInTurn(statuses: number[], headers: Record<string, string> = {}): void {
    let call = 0;
    server.reset((_req, res) => {
      const status = statuses[call++];
      if (status === undefined) json(res, 200, { calls: call });
      else json(res, status, { error: `status ${status}` }, headers);
    });
  }

  it('503 then success: retried, and the attempts say so', async () => {
    answerInTurn([503]);
    const response = await client.send(request(`${server.base}/items`), localContext());
    expect(response.body).to.deep.equal({ calls: 2 });
    expect(response.attempts?.map((a) => [a.status, a.outcome])).to.deep.equal([[503, 'retry'], [200, 'final']]);
  });

  it('429 with Retry-After in seconds waits that long', async () => {
    answerInTurn([429], { 'retry-after': '1' });
    const response = await client.send(request(`${server.base}/items`), localContext());
    expect(response.status).to.equal(200);
    expect(response.attempts?.[0]).to.include({ status: 429, outcome: 'retry', waitMs: 1000, note: 'Retry-After' });
  });

  it('429 with Retry-After as an HTTP date waits until then', async () => {
    let call = 0;
    server.reset((_req, res) => {
      if (call++ === 0) json(res, 429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      else json(res, 200, {});
    });
    const response = await client.send(request(`${server.base}/items`), localContext());
    const waited = response.attempts?.[0]?.waitMs ?? -1;
    // HTTP dates have 1 s resolution: the wait is between 1 and 2 s.
    expect(waited).to.be.within(1, 2000);
    expect(server.received).to.have.length(2);
  });

  it('a Retry-After longer than the cap fails with the status instead of sleeping', async () => {
    answerInTurn([429], { 'retry-after': '3600' });
    const error = await rejection(client.send(request(`${server.base}/items`), localContext()));
    expect(error.code).to.equal('HTTP_STATUS');
    expect(error.status).to.equal(429);
    expect(error.retryable).to.equal(true);
    expect(server.received).to.have.length(1);
    expect((error.trail as string[]).join('\n')).to.contain('Retry-After 3600 s exceeds the 5 s cap');
  });

  it('gives up after the configured retries with the last status', async () => {
    answerInTurn([502, 502, 502, 502, 502]);
    const error = await rejection(client.send(request(`${server.base}/items`), localContext()));
    expect(error.code).to.equal('HTTP_STATUS');
    expect(error.status).to.equal(502);
    expect(error.actor).to.equal('operational');
    expect(server.received).to.have.length(1 + DEFAULT_RETRY_OPTIONS.retries);
  });

  it('POST is not retried unless idempotent', async () => {
    answerInTurn([503]);
    const error = await rejection(client.send(request(`${server.base}/items`, { method: 'POST', body: { type: 'json', value: { a: 1 } } }), localContext()));
    expect(error.status).to.equal(503);
    expect(server.received).to.have.length(1);

    answerInTurn([503]);
    const response = await client.send(
      request(`${server.base}/items`, { method: 'POST', idempotent: true, body: { type: 'json', value: { a: 1 } } }),
      localContext(),
    );
    expect(response.status).to.equal(200);
    expect(server.received.map((r) => JSON.parse(r.body.toString()))).to.deep.equal([{ a: 1 }, { a: 1 }]);
  });

  it('4xx other than 429 is not retried', async () => {
    answerInTurn([404]);
    const error = await rejection(client.send(request(`${server.base}/missing`), localContext()));
    expect(error.status).to.equal(404);
    expect(error.actor).to.equal('author');
    expect(server.received).to.have.length(1);
  });

  it('a reset connection is retried', async () => {
    let call = 0;
    server.reset((req, res) => {
      if (call++ === 0) req.socket.destroy();
      else json(res, 200, { ok: true });
    });
    const response = await client.send(request(`${server.base}/flaky`), localContext());
    expect(response.body).to.deep.equal({ ok: true });
    expect(response.attempts?.[0]?.error).to.equal('HTTP_NETWORK ECONNRESET');
    expect(response.attempts?.[0]?.outcome).to.equal('retry');
  });

  it('a refused connection is retried, then reported as HTTP_NETWORK with the code', async () => {
    const closed = await startServer();
    const url = `${closed.base}/x`;
    await closed.close();
    const error = await rejection(client.send(request(url), localContext()));
    expect(error.code).to.equal('HTTP_NETWORK');
    expect(error.message).to.equal(`GET ${url} failed: ECONNREFUSED`);
    expect(error.retryable).to.equal(true);
    expect(error.trail).to.have.length(1 + DEFAULT_RETRY_OPTIONS.retries);
  });

  it('a server that never answers: HTTP_TIMEOUT after the request timeout, then retried', async () => {
    server.reset(() => {
      // never answer
    });
    const fast = createHttpClient({ retry: { retries: 1, baseDelayMs: 1 } });
    try {
      const error = await rejection(fast.send(request(`${server.base}/slow`, { timeoutMs: 150 }), localContext()));
      expect(error.code).to.equal('HTTP_TIMEOUT');
      expect(error.message).to.equal(`GET ${server.base}/slow got no complete answer within 150 ms`);
      expect(server.received).to.have.length(2);
    } finally {
      fast.close();
    }
  });

  it('a body that drips forever is cut by the same timeout (it covers the whole response)', async () => {
    let timer: NodeJS.Timeout | undefined;
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      timer = setInterval(() => res.write('x'), 20);
    });
    const once = createHttpClient({ retry: { retries: 0 } });
    try {
      const error = await rejection(once.send(request(`${server.base}/drip`, { timeoutMs: 200, responseType: 'text' }), localContext()));
      expect(error.code).to.equal('HTTP_TIMEOUT');
    } finally {
      clearInterval(timer);
      once.close();
    }
  });

  it('an abort signal cancels a request in flight, without retry', async () => {
    server.reset(() => undefined);
    const controller = new AbortController();
    const pending = client.send(request(`${server.base}/hang`), localContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error.code).to.equal('HTTP_ABORTED');
    expect(error.trail).to.have.length(1);
  });

  it('an abort signal stops the waiting between retries', async () => {
    answerInTurn([503], { 'retry-after': '4' });
    const controller = new AbortController();
    const pending = client.send(request(`${server.base}/x`), localContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error.code).to.equal('HTTP_ABORTED');
    expect(server.received).to.have.length(1);
  });
});

describe('http: retry policy', () => {
  it('backoff uses full jitter below an exponential ceiling, capped', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, random: () => 0.999 };
    expect(backoffDelayMs(0, options)).to.equal(499);
    expect(backoffDelayMs(3, options)).to.equal(3996);
    expect(backoffDelayMs(20, options)).to.equal(29970);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).to.equal(0);
  });

  it('Retry-After: seconds, HTTP date, garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
  });
});
