// Record -> cassette text -> replay gives the connector the same response it got live: the same body (JSON, a JSON
// string, JSON-looking text read as text, binary), the same status errors, the same headers. A real server answers
// the live requests through the real HTTP client; the replay answers the same requests from the written cassette.
import { expect } from 'chai';
import { createHttpClient } from '../../src/http/http-client.js';
import type { HttpResponse, PreparedRequest } from '../../src/http/prepared-request.js';
import type { RequestContext } from '../../src/http/request-context.js';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import { cassetteText, parseCassette, type Interaction } from '../../src/testing/cassette.js';
import { recordedRequestOf } from '../../src/testing/recorded-request.js';
import { recordedResponseOf, RECORDED_RESPONSE_HEADERS } from '../../src/testing/recorded-response.js';
import { createRecordingTransport, type LiveExchange } from '../../src/testing/record-transport.js';
import { createReplayTransport } from '../../src/testing/replay-transport.js';
import { createSecretScrubber } from '../../src/testing/secret-scrubber.js';
import { startServer, type TestServer } from '../http/test-server.js';

type Outcome = { status: number; body: unknown; headers: Record<string, unknown> } | { error: string; status?: number; body: unknown };

const ROUTES: Record<string, { status: number; type: string; body: string | Buffer }> = {
  '/object': { status: 200, type: 'application/json', body: '{"b":1,"a":[1,2]}' },
  '/string': { status: 200, type: 'application/json', body: '"just text"' },
  '/looks-like-json': { status: 200, type: 'text/plain', body: '{"not": "parsed"}' },
  '/empty': { status: 200, type: 'application/json', body: '' },
  '/missing': { status: 404, type: 'application/json', body: '{"error":"not found"}' },
  '/broken': { status: 500, type: 'text/html', body: '<h1>oops</h1>' },
  '/bytes': { status: 200, type: 'application/octet-stream', body: Buffer.from([0, 1, 2, 255, 254]) },
};

const REQUESTS: { path: string; responseType: PreparedRequest['responseType'] }[] = [
  { path: '/object', responseType: 'json' },
  { path: '/string', responseType: 'json' },
  { path: '/object', responseType: 'text' },
  { path: '/looks-like-json', responseType: 'json' },
  { path: '/looks-like-json', responseType: 'text' },
  { path: '/empty', responseType: 'json' },
  { path: '/missing', responseType: 'json' },
  { path: '/broken', responseType: 'json' },
  { path: '/bytes', responseType: 'binary' },
];

describe('testing: a recorded response replays as it was received', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    server.reset((req, res) => {
      const route = ROUTES[new URL(req.url ?? '/', server.base).pathname]!;
      res.writeHead(route.status, { 'content-type': route.type, 'x-other': 'dropped' });
      res.end(route.body);
    });
  });
  after(() => server.close());

  const context = (): RequestContext => ({ connectorName: 'shop', allowedHosts: [`127.0.0.1:${server.port}`], allowPrivateNetwork: true });
  const request = (path: string, responseType: PreparedRequest['responseType']): PreparedRequest => ({
    method: 'GET', url: `${server.base}${path}`, query: { q: 'x' }, headers: { Accept: 'application/json' }, responseType, timeoutMs: 5000, idempotent: true,
  });
  const outcomeOf = async (send: Promise<HttpResponse>): Promise<Outcome> => {
    try {
      const response = await send;
      return { status: response.status, body: response.body, headers: { 'content-type': response.headers['content-type'] } };
    } catch (e) {
      if (!isRuntimeError(e)) throw e;
      return { error: e.code, status: e.status, body: e.body };
    }
  };

  it('gives the same outcome for every kind of body and status', async () => {
    const exchanges: LiveExchange[] = [];
    const live = createHttpClient({ wrapTransport: (wire) => createRecordingTransport(wire, exchanges), retry: { retries: 0 } });
    const liveOutcomes: Outcome[] = [];
    try {
      for (const r of REQUESTS) liveOutcomes.push(await outcomeOf(live.send(request(r.path, r.responseType), context())));
    } finally {
      live.close();
    }

    const scrubber = createSecretScrubber([]);
    const interactions: Interaction[] = [];
    for (const exchange of exchanges) {
      interactions.push({
        request: recordedRequestOf(exchange.request, scrubber),
        response: await recordedResponseOf(exchange.response!, RECORDED_RESPONSE_HEADERS, scrubber, undefined),
      });
    }
    const text = cassetteText({ interactions });
    expect(text).not.to.include('x-other');
    const read = parseCassette(text, 'round-trip.yaml');
    if (!read.ok) throw new Error('the cassette did not read back');

    const replay = createReplayTransport({ cassette: read.cassette, cassetteFile: 'round-trip.yaml', scrubber });
    const offline = createHttpClient({ wrapTransport: () => replay.transport, retry: { retries: 0 } });
    const replayedOutcomes: Outcome[] = [];
    try {
      for (const r of REQUESTS) replayedOutcomes.push(await outcomeOf(offline.send(request(r.path, r.responseType), context())));
    } finally {
      offline.close();
    }
    expect(replay.log.unrecorded).to.deep.equal([]);
    expect(replayedOutcomes).to.deep.equal(liveOutcomes);
    // Sanity: the outcomes do differ from each other, so the comparison above means something.
    expect(liveOutcomes.map((o) => ('error' in o ? o.error : typeof o.body))).to.deep.equal([
      'object', 'string', 'string', 'object', 'string', 'object', 'HTTP_STATUS', 'HTTP_STATUS', 'object',
    ]);
    expect(Buffer.isBuffer((replayedOutcomes[8] as { body: unknown }).body)).to.equal(true);
  });
});
