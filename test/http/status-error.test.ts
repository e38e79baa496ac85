// Errors say what failed without leaking: no query string, no header value, no body in the message, and nothing
// secret anywhere in the serialized or inspected error.
import { expect } from 'chai';
import { inspect } from 'node:util';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';

const CANARY_TOKEN = 'canary-token-5f1d2c';
const CANARY_KEY = 'canary-key-93ab07';

function leaks(error: unknown): string[] {
  const views = [String((error as Error).message), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), String((error as Error).stack)];
  return views.filter((view) => view.includes(CANARY_TOKEN) || view.includes(CANARY_KEY));
}

describe('http: status and network errors', () => {
  let server: TestServer;
  let client: HttpClient;

  before(async () => {
    server = await startServer();
    client = createHttpClient({ retry: { retries: 1, baseDelayMs: 1 } });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  const secretRequest = (url: string, method: 'GET' | 'POST' = 'POST') =>
    request(url, {
      method,
      query: { api_key: CANARY_KEY, state: 'open' },
      headers: { Authorization: `Bearer ${CANARY_TOKEN}` },
      body: method === 'POST' ? { type: 'json', value: { title: 'x' } } : undefined,
    });

  it('422: HTTP_STATUS with status, parsed body, actor author and a message without query, body or headers', async () => {
    server.reset((_req, res) => json(res, 422, { message: 'Validation Failed', errors: [{ field: 'title' }] }));
    const origin = { file: 'connectors/github.yaml', line: 40, column: 9 };
    const error = await rejection(client.send(secretRequest(`${server.base}/repos/o/r/issues`), localContext({ origin })));
    expect(error.code).to.equal('HTTP_STATUS');
    expect(error.message).to.equal(`POST ${server.base}/repos/o/r/issues answered 422 Unprocessable Entity`);
    expect(error.status).to.equal(422);
    expect(error.body).to.deep.equal({ message: 'Validation Failed', errors: [{ field: 'title' }] });
    expect(error.actor).to.equal('author');
    expect(error.retryable).to.equal(false);
    expect(error.origin).to.deep.equal(origin);
    expect(leaks(error)).to.deep.equal([]);
    // The canaries did reach the server: the test would prove nothing otherwise.
    expect(server.received[0]?.headers.authorization).to.equal(`Bearer ${CANARY_TOKEN}`);
    expect(server.received[0]?.url).to.contain(CANARY_KEY);
  });

  it('500 with a text body: actor operational, body as text truncated to 64 KiB', async () => {
    server.reset((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>oops</h1>'.padEnd(200_000, '.'));
    });
    const error = await rejection(client.send(secretRequest(`${server.base}/boom`, 'GET'), localContext()));
    expect(error.status).to.equal(500);
    expect(error.actor).to.equal('operational');
    expect(error.retryable).to.equal(true);
    expect(error.body).to.be.a('string');
    expect((error.body as string).startsWith('<h1>oops</h1>')).to.equal(true);
    expect((error.body as string).length).to.equal(64 * 1024);
    expect(leaks(error)).to.deep.equal([]);
  });

  it('network errors keep only name, code and message of the cause, never got\'s error with its options', async () => {
    server.reset((req) => {
      req.socket.destroy();
    });
    const error = await rejection(client.send(secretRequest(`${server.base}/reset`, 'GET'), localContext()));
    expect(error.code).to.equal('HTTP_NETWORK');
    expect(error.cause).to.deep.include({ code: 'ECONNRESET' });
    expect(Object.keys(error.cause as object).sort()).to.deep.equal(['code', 'message', 'name']);
    expect(leaks(error)).to.deep.equal([]);
  });

  it('timeouts are HTTP_TIMEOUT and leak nothing', async () => {
    server.reset(() => undefined);
    const error = await rejection(client.send({ ...secretRequest(`${server.base}/hang`, 'GET'), timeoutMs: 100 }, localContext()));
    expect(error.code).to.equal('HTTP_TIMEOUT');
    expect(leaks(error)).to.deep.equal([]);
  });

  it('the trail lists the attempts without the query string', async () => {
    server.reset((_req, res) => json(res, 503, {}));
    const error = await rejection(client.send(secretRequest(`${server.base}/busy`, 'GET'), localContext()));
    expect(error.trail).to.have.length(2);
    expect((error.trail as string[])[0]).to.match(new RegExp(`^GET ${server.base}/busy answered 503; retried after \\d+ ms$`));
    expect((error.trail as string[])[1]).to.equal(`GET ${server.base}/busy answered 503 (gave up after 1 retries)`);
  });

  it('onAttempt sees every attempt once the send settles', async () => {
    let call = 0;
    server.reset((_req, res) => json(res, call++ === 0 ? 502 : 200, {}));
    const seen: unknown[] = [];
    await client.send(request(`${server.base}/x`), localContext({ onAttempt: (a) => seen.push([a.status, a.outcome]) }));
    expect(seen).to.deep.equal([[502, 'retry'], [200, 'final']]);
  });
});
