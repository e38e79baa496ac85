// The runtime's HTTP server: routes in order, 404/405, /health against a real store, /metrics, the manual
// trigger's bearer token, the mounted OAuth callback, and a graceful close.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { PendingAuthorizations } from '../../src/auth/pending-authorizations.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/server/http-server.js';
import { MetricsRegistry } from '../../src/server/metrics.js';
import { createOAuthCallbackHandler } from '../../src/server/oauth-callback.js';
import { storeAnswers } from '../../src/server/routes/health-route.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { parseExposition } from './exposition-parser.js';

const TRIGGER_TOKEN = 'trigger-token-' + randomBytes(16).toString('hex');

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/** node:http rather than fetch: full control over headers and connections. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('http server', () => {
  let root: string;
  let store: Store;
  let server: RunningHttpServer | undefined;
  let triggered: { flow: string; inputs: unknown }[];

  async function start(extra: Partial<HttpServerOptions> = {}): Promise<RunningHttpServer> {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      health: storeAnswers(store),
      manualTrigger: {
        token: TRIGGER_TOKEN,
        async onTrigger(flow, inputs) {
          if (flow === 'broken-store') throw new RuntimeError('STORE_UNAVAILABLE', 'events were not stored: disk full', { actor: 'operational' });
          if (flow !== 'hello') throw new RuntimeError('FLOW_UNKNOWN', `no flow '${flow}'`, { actor: 'user', status: 404 });
          triggered.push({ flow, inputs });
          return store.events.append([{ flow, source: 'manual', payload: inputs }]).inserted[0]!;
        },
      },
      ...extra,
    });
    return server;
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'server-test-'));
    store = openStore(path.join(root, 'data'), { env: {}, secretKey: randomBytes(32) });
    triggered = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    store.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('routes', () => {
    it('answers /health with 200 while the store answers, 503 once it is closed', async () => {
      const { url } = await start();
      const ok = await request(`${url}/health`);
      expect(ok.status).to.equal(200);
      expect(JSON.parse(ok.text)).to.deep.equal({ status: 'ok' });
      store.close();
      const down = await request(`${url}/health`);
      expect(down.status).to.equal(503);
      expect(JSON.parse(down.text)).to.deep.equal({ status: 'unavailable' });
    });

    it('answers /metrics in the Prometheus text format, counting earlier requests', async () => {
      const metrics = new MetricsRegistry();
      metrics.gauge('runtime_events', 'Events by status.', ['status'], { collect: (g) => g.set({ status: 'pending' }, store.events.counts().pending) });
      const { url } = await start({ metrics });
      await request(`${url}/health`);
      await request(`${url}/nowhere`);
      const reply = await request(`${url}/metrics`);
      expect(reply.status).to.equal(200);
      expect(reply.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      const parsed = parseExposition(reply.text);
      const value = (name: string, labels: Record<string, string>) =>
        parsed.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
      expect(value('runtime_http_requests_total', { route: 'health', status: '200' })).to.equal(1);
      expect(value('runtime_http_requests_total', { route: 'none', status: '404' })).to.equal(1);
      expect(value('runtime_events', { status: 'pending' })).to.equal(0);
      expect(parsed.type.get('runtime_http_request_duration_seconds')).to.equal('histogram');
    });

    it('answers 404 to unknown paths without echoing them, and 405 with Allow to wrong methods', async () => {
      const { url } = await start();
      const missing = await request(`${url}/%3Cscript%3Ealert(1)%3C/script%3E`);
      expect(missing.status).to.equal(404);
      expect(missing.headers['content-type']).to.match(/^application\/json/);
      expect(missing.text).not.to.match(/script|alert/);
      const wrong = await request(`${url}/health`, { method: 'DELETE' });
      expect(wrong.status).to.equal(405);
      expect(wrong.headers.allow).to.equal('GET');
      expect(JSON.parse(wrong.text).error).to.equal('HTTP_METHOD_NOT_ALLOWED');
    });

    it('answers a malformed request with a bare 400 and closes the connection', async () => {
      const { port } = await start();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL <script>\r\n\r\n'));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (text += d));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).not.to.include('script');
    });

    it('answers 414 to an overlong request target', async () => {
      const { url } = await start({ limits: { maxUrlLength: 100 } });
      const reply = await request(`${url}/health?${'a'.repeat(200)}`);
      expect(reply.status).to.equal(414);
    });

    it('has no webhook route unless webhooks are configured', async () => {
      const { url } = await start();
      const reply = await request(`${url}/hooks/${'A'.repeat(43)}`, { method: 'POST', body: '{}' });
      expect(reply.status).to.equal(404);
      expect(JSON.parse(reply.text).error).to.equal('HTTP_NOT_FOUND');
    });

    it('mounts the OAuth callback, which refuses an unknown state with its own page', async () => {
      const oauthCallback = createOAuthCallbackHandler({ pending: new PendingAuthorizations(), http: createTokenHttp(), onTokens: () => undefined });
      const { url } = await start({ oauthCallback });
      const reply = await request(`${url}/oauth/callback?state=%3Cb%3Eunknown&code=abc`);
      expect(reply.status).to.equal(400);
      expect(reply.headers['content-type']).to.match(/^text\/html/);
      expect(reply.text).to.include('Not connected');
      expect(reply.text).not.to.include('<b>unknown');
    });
  });

  describe('POST /flows/:name/trigger', () => {
    const auth = { authorization: `Bearer ${TRIGGER_TOKEN}`, 'content-type': 'application/json' };

    it('queues the flow with the JSON body as inputs and answers 202 with the event id', async () => {
      const { url } = await start();
      const reply = await request(`${url}/flows/hello/trigger`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'ada@example.com' }) });
      expect(reply.status).to.equal(202);
      const { event } = JSON.parse(reply.text) as { event: string };
      expect(store.events.get(event)?.payload).to.deep.equal({ email: 'ada@example.com' });
      expect(triggered).to.deep.equal([{ flow: 'hello', inputs: { email: 'ada@example.com' } }]);
    });

    it('takes an empty body as no inputs', async () => {
      const { url } = await start();
      const reply = await request(`${url}/flows/hello/trigger`, { method: 'POST', headers: { authorization: `Bearer ${TRIGGER_TOKEN}` } });
      expect(reply.status).to.equal(202);
      expect(triggered).to.deep.equal([{ flow: 'hello', inputs: {} }]);
    });

    it('refuses a missing or wrong token with 401 and WWW-Authenticate, before looking at the flow', async () => {
      const { url } = await start();
      const none = await request(`${url}/flows/hello/trigger`, { method: 'POST', body: '{}' });
      expect(none.status).to.equal(401);
      expect(none.headers['www-authenticate']).to.equal('Bearer');
      const wrong = await request(`${url}/flows/nope/trigger`, { method: 'POST', headers: { authorization: `Bearer ${TRIGGER_TOKEN}x` }, body: '{}' });
      expect(wrong.status).to.equal(401);
      const basic = await request(`${url}/flows/hello/trigger`, { method: 'POST', headers: { authorization: `Basic ${TRIGGER_TOKEN}` }, body: '{}' });
      expect(basic.status).to.equal(401);
      expect(triggered).to.deep.equal([]);
    });

    it('refuses bodies that are not a JSON object with 400', async () => {
      const { url } = await start();
      for (const body of ['[1,2]', '"text"', '{"a":', 'null']) {
        const reply = await request(`${url}/flows/hello/trigger`, { method: 'POST', headers: auth, body });
        expect(reply.status, body).to.equal(400);
        expect(JSON.parse(reply.text).error).to.equal('TRIGGER_INPUTS');
      }
    });

    it('passes on the status of a caller\'s mistake (unknown flow 404) and answers 503 when the store is down', async () => {
      const { url } = await start();
      const unknown = await request(`${url}/flows/other/trigger`, { method: 'POST', headers: auth, body: '{}' });
      expect(unknown.status).to.equal(404);
      expect(JSON.parse(unknown.text)).to.deep.equal({ error: 'FLOW_UNKNOWN', message: "no flow 'other'" });
      const down = await request(`${url}/flows/broken-store/trigger`, { method: 'POST', headers: auth, body: '{}' });
      expect(down.status).to.equal(503);
      expect(down.headers['retry-after']).to.equal('5');
      expect(down.text).not.to.include('disk full');
    });

    it('answers 413 to an inputs body over the limit', async () => {
      const { url } = await start({ manualTrigger: { token: TRIGGER_TOKEN, maxBodyBytes: 1000, onTrigger: async () => 'never' } });
      const reply = await request(`${url}/flows/hello/trigger`, { method: 'POST', headers: auth, body: JSON.stringify({ x: 'y'.repeat(2000) }) });
      expect(reply.status).to.equal(413);
    });
  });

  describe('close()', () => {
    it('lets an in-flight request finish, then stops', async () => {
      let release!: () => void;
      let entered!: () => void;
      const inHandler = new Promise<void>((r) => (entered = r));
      const { url } = await start({
        manualTrigger: {
          token: TRIGGER_TOKEN,
          onTrigger: () => {
            entered();
            return new Promise<string>((resolve) => (release = () => resolve('evt-1')));
          },
        },
      });
      const pending = request(`${url}/flows/hello/trigger`, { method: 'POST', headers: { authorization: `Bearer ${TRIGGER_TOKEN}` } });
      await inHandler;
      const closed = server!.close();
      // New connections are refused while the running request still completes.
      const refused = await request(`${url}/health`).then(() => 'answered', (e: NodeJS.ErrnoException) => e.code);
      expect(refused).to.equal('ECONNREFUSED');
      release();
      const reply = await pending;
      expect(reply.status).to.equal(202);
      expect(reply.headers.connection).to.equal('close');
      await closed;
    });

    it('closes idle keep-alive connections at once', async () => {
      const { url } = await start({ limits: { keepAliveTimeoutMs: 60_000 } });
      const agent = new http.Agent({ keepAlive: true });
      try {
        await request(`${url}/health`, { agent });
        const sockets = Object.values(agent.freeSockets).flat();
        expect(sockets).to.have.length(1);
        const socketClosed = new Promise<void>((resolve) => sockets[0]!.once('close', () => resolve()));
        await server!.close();
        await socketClosed;
      } finally {
        agent.destroy();
      }
    });

    it('cuts requests that outlive the deadline', async () => {
      let entered!: () => void;
      const inHandler = new Promise<void>((r) => (entered = r));
      const { url } = await start({
        limits: { closeDeadlineMs: 50 },
        manualTrigger: {
          token: TRIGGER_TOKEN,
          onTrigger: () => {
            entered();
            return new Promise<string>(() => undefined);
          },
        },
      });
      const pending = request(`${url}/flows/hello/trigger`, { method: 'POST', headers: { authorization: `Bearer ${TRIGGER_TOKEN}` } })
        .then(() => 'answered', (e: NodeJS.ErrnoException) => e.code);
      await inHandler;
      await server!.close();
      expect(await pending).to.equal('ECONNRESET');
    });
  });
});
