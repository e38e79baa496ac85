// The webhook front door end to end: real HTTP server, real SQLite store, connectors compiled from YAML.
// A 2xx means the events are committed; everything else stores nothing.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MAX_RECORDS_PER_DELIVERY } from '../../src/triggers/webhook-records.js';
import { logText, SLACK_SIGNING_SECRET, startWebhookRig, type WebhookRig } from './webhook-rig.js';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function githubHeaders(body: string, delivery: string, secret = 'github-signing-secret'): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-github-delivery': delivery,
    'x-hub-signature-256': 'sha256=' + createHmac('sha256', secret).update(body).digest('hex'),
  };
}

function slackHeaders(body: string, at = Date.now()): Record<string, string> {
  const ts = String(Math.floor(at / 1000));
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': 'v0=' + createHmac('sha256', SLACK_SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex'),
  };
}

function standardHeaders(body: string, id: string, at = Date.now()): Record<string, string> {
  const ts = String(Math.floor(at / 1000));
  const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64'),
  };
}

describe('webhook ingress', () => {
  let rig: WebhookRig;
  before(async () => {
    rig = await startWebhookRig();
  });
  after(async () => {
    await rig?.close();
  });

  describe('hmac-sha256 (GitHub)', () => {
    const body = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash on start' } });

    it('stores a correctly signed delivery and answers only then', async () => {
      const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'delivery-1') });
      expect(reply.status).to.equal(200);
      expect(reply.json).to.deep.equal({ received: 1, duplicates: 0 });
      expect(rig.events('on-github')).to.deep.equal([{ payload: JSON.parse(body), dedupeKey: 'delivery-1' }]);
    });

    it('answers a repeated delivery with duplicates 1 and stores nothing new', async () => {
      const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'delivery-1') });
      expect(reply.status).to.equal(200);
      expect(reply.json).to.deep.equal({ received: 0, duplicates: 1 });
      expect(rig.events('on-github')).to.have.length(1);
    });

    it('refuses a tampered body with 401 WEBHOOK_SIGNATURE, revealing no signature', async () => {
      const headers = githubHeaders(body, 'delivery-2');
      const tampered = body.replace('Crash', 'Cash');
      const reply = await send(rig.hookUrl('on-github'), { body: tampered, headers });
      expect(reply.status).to.equal(401);
      expect(reply.json.error).to.equal('WEBHOOK_SIGNATURE');
      const expected = createHmac('sha256', 'github-signing-secret').update(tampered).digest('hex');
      expect(reply.text).not.to.include(expected.slice(0, 16));
      expect(rig.events('on-github')).to.have.length(1);
    });

    it('refuses a delivery signed with another secret', async () => {
      const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'delivery-3', 'not-the-secret') });
      expect(reply.status).to.equal(401);
      expect(reply.json.error).to.equal('WEBHOOK_SIGNATURE');
    });

    it('refuses an unsigned delivery', async () => {
      const reply = await send(rig.hookUrl('on-github'), { body, headers: { 'content-type': 'application/json' } });
      expect(reply.status).to.equal(401);
    });

    it('stores each record of a multi-record delivery under its own key, and dedupes a redelivery record by record', async () => {
      const many = JSON.stringify({ issues: [{ number: 1 }, { number: 2 }, { number: 3 }] });
      const first = await send(rig.hookUrl('on-github'), { body: many, headers: githubHeaders(many, 'batch-9') });
      expect(first.json).to.deep.equal({ received: 3, duplicates: 0 });
      const again = await send(rig.hookUrl('on-github'), { body: many, headers: githubHeaders(many, 'batch-9') });
      expect(again.json).to.deep.equal({ received: 0, duplicates: 3 });
      const keys = rig.events('on-github').map((e) => e.dedupeKey).filter((k) => k?.startsWith('batch-9'));
      expect(keys).to.deep.equal(['batch-9#0', 'batch-9#1', 'batch-9#2']);
    });

    it('answers 200 with nothing stored when the records expression gives an empty list', async () => {
      const before = rig.events('on-github').length;
      const empty = JSON.stringify({ issues: [] });
      const reply = await send(rig.hookUrl('on-github'), { body: empty, headers: githubHeaders(empty, 'empty-1') });
      expect(reply.status).to.equal(200);
      expect(reply.json).to.deep.equal({ received: 0, duplicates: 0 });
      expect(rig.events('on-github')).to.have.length(before);
    });

    it('answers 400 to a signed body that is not valid JSON', async () => {
      const broken = '{"issue": {"number": 1,';
      const reply = await send(rig.hookUrl('on-github'), { body: broken, headers: githubHeaders(broken, 'broken-1') });
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.equal('WEBHOOK_BODY');
    });

    it('answers 400 to JSON nested too deep to process safely', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const reply = await send(rig.hookUrl('on-github'), { body: deep, headers: githubHeaders(deep, 'deep-1') });
      expect(reply.status).to.equal(400);
    });
  });

  describe('body size limit', () => {
    it('answers 413 as soon as a chunked body passes maxBodySize, without reading the rest', async () => {
      const url = new URL(rig.hookUrl('on-github'));
      const total = 64 * 1024 * 1024;
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const outcome = await new Promise<{ status?: number; written: number; body: string }>((resolve, reject) => {
        let written = 0;
        let answered = false;
        const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
        req.on('response', (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, written, body: text }));
        });
        req.on('error', (e) => (answered ? undefined : reject(e)));
        const pump = () => {
          while (!answered && written < total) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      expect(outcome.status).to.equal(413);
      expect(JSON.parse(outcome.body).error).to.equal('WEBHOOK_TOO_LARGE');
      // The answer came while the client was still sending (socket buffers hold a few MiB at most).
      expect(outcome.written).to.be.lessThan(total / 4);
    });

    it('answers 413 to a declared Content-Length over the limit without reading the body', async () => {
      const body = 'x'.repeat(64 * 1024 + 1);
      const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'big-1') });
      expect(reply.status).to.equal(413);
      expect(reply.headers.get('connection')).to.equal('close');
    });
  });

  describe('standard-webhooks', () => {
    it('stores a signed delivery', async () => {
      const body = JSON.stringify({ type: 'invoice.paid', data: { invoice: 'in_1', amount: 1200 } });
      const reply = await send(rig.hookUrl('on-standard'), { body, headers: standardHeaders(body, 'msg_1') });
      expect(reply.status).to.equal(200);
      expect(reply.json).to.deep.equal({ received: 1, duplicates: 0 });
      expect(rig.events('on-standard')).to.deep.equal([{ payload: { invoice: 'in_1', amount: 1200 }, dedupeKey: 'msg_1' }]);
    });

    it('refuses a delivery whose timestamp is older than the tolerance with 401 WEBHOOK_TIMESTAMP', async () => {
      const body = JSON.stringify({ type: 'invoice.paid', data: { invoice: 'in_2' } });
      const reply = await send(rig.hookUrl('on-standard'), { body, headers: standardHeaders(body, 'msg_2', Date.now() - 10 * 60_000) });
      expect(reply.status).to.equal(401);
      expect(reply.json.error).to.equal('WEBHOOK_TIMESTAMP');
      expect(rig.events('on-standard')).to.have.length(1);
    });
  });

  describe('shared secret and handshakes (Okta)', () => {
    it('answers the verification challenge GET with {"verification": <value>} and stores nothing', async () => {
      const reply = await send(rig.hookUrl('on-okta'), { method: 'GET', headers: { 'x-okta-verification-challenge': 'We_Ag6c4fbHE-rY0eXb5' } });
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.match(/^application\/json/);
      expect(reply.json).to.deep.equal({ verification: 'We_Ag6c4fbHE-rY0eXb5' });
      expect(rig.events('on-okta')).to.deep.equal([]);
    });

    it('verifies a challenge that carries the Authorization header before answering it', async () => {
      const good = await send(rig.hookUrl('on-okta'), {
        method: 'GET',
        headers: { 'x-okta-verification-challenge': 'c2', authorization: rig.registration('on-okta').secret },
      });
      expect(good.json).to.deep.equal({ verification: 'c2' });
      const bad = await send(rig.hookUrl('on-okta'), { method: 'GET', headers: { 'x-okta-verification-challenge': 'c3', authorization: 'guess' } });
      expect(bad.status).to.equal(401);
    });

    it('stores event hook deliveries that carry the secret, one event per record', async () => {
      const body = JSON.stringify({ eventId: 'evt-1', data: { events: [{ uuid: 'u1', eventType: 'user.lifecycle.create' }, { uuid: 'u2', eventType: 'user.lifecycle.create' }] } });
      const reply = await send(rig.hookUrl('on-okta'), { body, headers: { 'content-type': 'application/json', authorization: rig.registration('on-okta').secret } });
      expect(reply.json).to.deep.equal({ received: 2, duplicates: 0 });
      expect(rig.events('on-okta').map((e) => e.payload)).to.deep.equal([
        { uuid: 'u1', eventType: 'user.lifecycle.create' },
        { uuid: 'u2', eventType: 'user.lifecycle.create' },
      ]);
    });

    it('refuses a delivery with a wrong secret', async () => {
      const body = JSON.stringify({ eventId: 'evt-2', data: { events: [{ uuid: 'u3' }] } });
      const reply = await send(rig.hookUrl('on-okta'), { body, headers: { 'content-type': 'application/json', authorization: 'guess' } });
      expect(reply.status).to.equal(401);
    });
  });

  describe('signed handshakes (Slack)', () => {
    it('answers a signed url_verification POST with the challenge and stores nothing', async () => {
      const body = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
      const reply = await send(rig.hookUrl('on-slack'), { body, headers: slackHeaders(body) });
      expect(reply.status).to.equal(200);
      expect(reply.json).to.deep.equal({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
      expect(rig.events('on-slack')).to.deep.equal([]);
    });

    it('refuses a url_verification whose signature does not match (verified before the handshake)', async () => {
      const body = JSON.stringify({ challenge: 'x', type: 'url_verification' });
      const headers = { ...slackHeaders(body), 'x-slack-signature': 'v0=' + '0'.repeat(64) };
      const reply = await send(rig.hookUrl('on-slack'), { body, headers });
      expect(reply.status).to.equal(401);
    });

    it('stores a signed event callback with the secret from the connection', async () => {
      const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev01', event: { type: 'message', text: 'hi' } });
      const reply = await send(rig.hookUrl('on-slack'), { body, headers: slackHeaders(body) });
      expect(reply.json).to.deep.equal({ received: 1, duplicates: 0 });
      expect(rig.events('on-slack')).to.deep.equal([{ payload: { type: 'message', text: 'hi' }, dedupeKey: 'Ev01' }]);
    });

    it('refuses a replayed callback once its timestamp is stale', async () => {
      const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev02', event: { type: 'message' } });
      const reply = await send(rig.hookUrl('on-slack'), { body, headers: slackHeaders(body, Date.now() - 6 * 60_000) });
      expect(reply.status).to.equal(401);
      expect(reply.json.error).to.equal('WEBHOOK_TIMESTAMP');
    });
  });

  describe('unsigned senders, forms, query and headers', () => {
    it('parses a form body and shows headers (lower-case) and query to the records expression', async () => {
      const reply = await send(rig.hookUrl('on-plain', 'source=crm&x=1'), {
        body: 'name=Ada+Lovelace&tag=a&tag=b&__proto__=p',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'User-Agent': 'Sender/1.0' },
      });
      expect(reply.json).to.deep.equal({ received: 1, duplicates: 0 });
      const [event] = rig.events('on-plain');
      // `__proto__` stays a plain field: parsed data never reaches an object's prototype.
      expect(event!.payload).to.deep.equal(JSON.parse('{"fields": {"name": "Ada Lovelace", "tag": ["a", "b"], "__proto__": "p"}, "source": "crm", "agent": "Sender/1.0"}'));
    });

    it('answers a GET validation handshake with plain text when the handshake sets a text content type', async () => {
      const reply = await send(rig.hookUrl('on-plain', 'validationToken=Validation%3A+Testing'), { method: 'GET' });
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('text/plain');
      expect(reply.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(reply.text).to.equal('Validation: Testing');
    });

    it('answers 405 to a GET that no handshake takes', async () => {
      const reply = await send(rig.hookUrl('on-plain'), { method: 'GET' });
      expect(reply.status).to.equal(405);
      expect(reply.headers.get('allow')).to.equal('POST');
    });
  });

  describe('failures of the definition or the data', () => {
    it('answers 500 when the records expression fails, naming the definition in the log only', async () => {
      const reply = await send(rig.hookUrl('on-faulty'), { body: '{"fail": true}', headers: { 'content-type': 'application/json' } });
      expect(reply.status).to.equal(500);
      expect(reply.json.error).to.equal('WEBHOOK_FAILED');
      expect(reply.text).not.to.include('faulty.yaml');
      const line = rig.logs.find((l) => l.fields.flow === 'on-faulty' && l.fields.status === 500);
      expect(line?.level).to.equal('error');
      expect(String(line?.fields.detail)).to.match(/connectors\/faulty\.yaml:\d+:\d+/);
      expect(rig.events('on-faulty')).to.deep.equal([]);
    });

    it('answers 413 when a delivery gives more records than accepted', async () => {
      const items = Array.from({ length: MAX_RECORDS_PER_DELIVERY + 1 }, (_, i) => i);
      const reply = await send(rig.hookUrl('on-faulty'), { body: JSON.stringify({ items }), headers: { 'content-type': 'application/json' } });
      expect(reply.status).to.equal(413);
      expect(reply.json.error).to.equal('WEBHOOK_TOO_MANY_RECORDS');
      expect(rig.events('on-faulty')).to.deep.equal([]);
    });
  });

  describe('addresses', () => {
    it('answers 404 to an unknown or malformed token', async () => {
      const unknown = await send(`${rig.url}/hooks/${'A'.repeat(43)}`, { body: '{}' });
      expect(unknown.status).to.equal(404);
      expect(unknown.json.error).to.equal('WEBHOOK_UNKNOWN');
      const malformed = await send(`${rig.url}/hooks/%3Cscript%3E`, { body: '{}' });
      expect(malformed.status).to.equal(404);
      expect(malformed.text).not.to.include('<script>');
    });

    it('answers 410 for a registration whose flow is disabled', async () => {
      const reply = await send(rig.hookUrl('paused'), { body: '{}', headers: { 'content-type': 'application/json' } });
      expect(reply.status).to.equal(410);
    });

    it('answers 405 to other methods', async () => {
      const reply = await send(rig.hookUrl('on-github'), { method: 'PUT', body: '{}' });
      expect(reply.status).to.equal(405);
      expect(reply.headers.get('allow')).to.equal('POST, GET');
    });
  });

  describe('logs and metrics', () => {
    it('logs one line per webhook request without bodies, secrets or tokens', () => {
      const lines = rig.logs.filter((l) => l.fields.route === 'webhook');
      expect(lines.length).to.be.greaterThan(10);
      for (const line of lines) expect(line.fields).to.include.keys('status', 'durationMs');
      const text = logText(rig.logs);
      for (const secret of ['github-signing-secret', SLACK_SIGNING_SECRET, rig.registration('on-okta').secret, rig.registration('on-github').callbackToken]) {
        expect(text).not.to.include(secret);
      }
      for (const bodyPart of ['Crash on start', 'Ada', 'invoice.paid', '3eZbrw1aBm2r']) expect(text).not.to.include(bodyPart);
    });

    it('counts requests and stored events per flow', async () => {
      const text = await (await fetch(`${rig.url}/metrics`)).text();
      expect(text).to.include('runtime_webhook_requests_total{flow="on-github",status="401"}');
      expect(text).to.match(/^runtime_webhook_events_total\{flow="on-slack"\} 1$/m);
      expect(text).to.match(/^runtime_webhook_duplicates_total\{flow="on-github"\} 4$/m);
    });
  });
});

describe('webhook ingress when the store cannot commit', () => {
  let rig: WebhookRig;
  beforeEach(async () => {
    rig = await startWebhookRig();
  });
  afterEach(async () => {
    await rig?.close();
  });

  const body = JSON.stringify({ issue: { number: 1 } });

  it('answers 503 with Retry-After when the transaction fails, and stores the redelivery later', async () => {
    // Another connection makes every insert into the event table fail, as a full or broken disk would.
    const other = new Database(path.join(rig.dataDir, 'runtime.db'));
    try {
      other.exec("CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
      const refused = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'd-503') });
      expect(refused.status).to.equal(503);
      expect(refused.headers.get('retry-after')).to.equal('5');
      expect(refused.json.error).to.equal('STORE_UNAVAILABLE');
      expect(refused.text).not.to.include('disk I/O');
      expect(rig.events('on-github')).to.deep.equal([]);
      other.exec('DROP TRIGGER refuse_events');
    } finally {
      other.close();
    }
    const retried = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'd-503') });
    expect(retried.json).to.deep.equal({ received: 1, duplicates: 0 });
  });

  it('answers 503 once the committer is shut down', async () => {
    await rig.committer.close();
    const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'd-closed') });
    expect(reply.status).to.equal(503);
    expect(reply.headers.get('retry-after')).to.equal('5');
  });

  it('answers 410 while the registration is being deregistered', async () => {
    rig.store.registrations.markDeregistering('on-github');
    const reply = await send(rig.hookUrl('on-github'), { body, headers: githubHeaders(body, 'd-gone') });
    expect(reply.status).to.equal(410);
    expect(rig.events('on-github')).to.deep.equal([]);
  });
});
