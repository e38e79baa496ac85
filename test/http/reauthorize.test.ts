// A 401 lets the caller refresh credentials and re-send the request once.
import { expect } from 'chai';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import type { PreparedRequest } from '../../src/http/prepared-request.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';

describe('http: re-send with fresh credentials', () => {
  let server: TestServer;
  let client: HttpClient;

  before(async () => {
    server = await startServer();
    client = createHttpClient({ retry: { baseDelayMs: 1 } });
    // The server accepts only the "fresh" token.
    server.reset((req, res) => {
      if (req.headers.authorization === 'Bearer fresh') json(res, 200, { me: 'octocat' });
      else json(res, 401, { error: 'invalid_token' });
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  const withToken = (r: PreparedRequest, token: string): PreparedRequest => ({ ...r, headers: { ...r.headers, Authorization: `Bearer ${token}` } });

  it('a 401 calls onAuthFailure with the response; the returned request is sent once and succeeds', async () => {
    const seen: unknown[] = [];
    const first = withToken(request(`${server.base}/me`), 'stale');
    const response = await client.send(first, localContext({
      onAuthFailure: async (failed) => {
        seen.push([failed.status, failed.body]);
        return withToken(first, 'fresh');
      },
    }));
    expect(response.body).to.deep.equal({ me: 'octocat' });
    expect(seen).to.deep.equal([[401, { error: 'invalid_token' }]]);
    expect(server.received.map((r) => r.headers.authorization)).to.deep.equal(['Bearer stale', 'Bearer fresh']);
    expect(response.attempts?.map((a) => a.outcome)).to.deep.equal(['reauthorize', 'final']);
  });

  it('only once: a second 401 is the error', async () => {
    let calls = 0;
    const first = withToken(request(`${server.base}/me`), 'stale');
    const error = await rejection(client.send(first, localContext({
      onAuthFailure: async () => {
        calls++;
        return withToken(first, 'still-stale');
      },
    })));
    expect(error.code).to.equal('HTTP_STATUS');
    expect(error.status).to.equal(401);
    expect(calls).to.equal(1);
    expect(server.received).to.have.length(2);
  });

  it('no replay when the callback says it is not an auth failure', async () => {
    const error = await rejection(client.send(request(`${server.base}/me`), localContext({ onAuthFailure: async () => undefined })));
    expect(error.status).to.equal(401);
    expect(server.received).to.have.length(1);
  });
});
