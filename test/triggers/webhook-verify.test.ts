// Signature schemes against the providers' published examples (GitHub, Slack, Standard Webhooks), and the
// ways a delivery must be refused: tampered body, wrong secret, stale timestamp, missing header, empty secret.
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import type { WebhookVerify } from '../../src/model/model.js';
import { loadProject } from '../../src/project/load-project.js';
import { compileTemplate } from '../../src/template/compile-template.js';
import { constantTimeEqual } from '../../src/triggers/verify/constant-time-equal.js';
import { parseTimestamp } from '../../src/triggers/verify/timestamp-tolerance.js';
import { isSigned, renderVerifySecret, verifySignature, type VerifyResult } from '../../src/triggers/webhook-verify.js';
import { FIXTURE_PROJECT, SLACK_SIGNING_SECRET } from './webhook-rig.js';

function request(headers: Record<string, string>, body: string | Buffer) {
  return { headers, rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') };
}

function expectRejected(result: VerifyResult, code: 'WEBHOOK_SIGNATURE' | 'WEBHOOK_TIMESTAMP'): void {
  expect(result.ok, 'should be refused').to.equal(false);
  if (!result.ok) expect(result.code).to.equal(code);
}

describe('webhook signature verification', () => {
  const verifyOf: Record<string, WebhookVerify> = {};
  before(async () => {
    const { model, diagnostics } = await loadProject(FIXTURE_PROJECT);
    expect(diagnostics).to.deep.equal([]);
    for (const connector of model!.connectors.values()) {
      for (const event of Object.values(connector.events)) verifyOf[connector.name] = event.webhook!.verify;
    }
  });

  describe('hmac-sha256 (GitHub X-Hub-Signature-256)', () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const secret = "It's a Secret to Everybody";
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

    it('accepts GitHub\'s documented example', () => {
      const result = verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': signature }, 'Hello, World!'), secret, Date.now());
      expect(result).to.deep.equal({ ok: true });
    });

    it('accepts upper-case hex', () => {
      const result = verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': `sha256=${signature.slice(7).toUpperCase()}` }, 'Hello, World!'), secret, Date.now());
      expect(result.ok).to.equal(true);
    });

    it('refuses a tampered body', () => {
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': signature }, 'Hello, World?'), secret, Date.now()), 'WEBHOOK_SIGNATURE');
    });

    it('refuses the right body signed with another secret', () => {
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': signature }, 'Hello, World!'), 'another secret', Date.now()), 'WEBHOOK_SIGNATURE');
    });

    it('refuses a missing header, a missing prefix, non-hex text and a truncated signature', () => {
      const now = Date.now();
      expectRejected(verifySignature(verifyOf.github!, request({}, 'Hello, World!'), secret, now), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': signature.slice(7) }, 'Hello, World!'), secret, now), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': 'sha256=zz' + signature.slice(9) }, 'Hello, World!'), secret, now), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': signature.slice(0, 40) }, 'Hello, World!'), secret, now), 'WEBHOOK_SIGNATURE');
    });

    it('says why in a detail that holds neither the expected signature nor the secret', () => {
      const result = verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': 'sha256=00' }, 'Hello, World!'), secret, Date.now());
      expect(result.ok).to.equal(false);
      const detail = result.ok ? '' : result.detail;
      expect(detail).to.equal('signature mismatch');
      expect(detail).not.to.include(signature.slice(7, 20));
      expect(detail).not.to.include(secret);
    });

    it('never accepts anything with an empty secret (an empty HMAC key is forgeable)', () => {
      const body = 'Hello, World!';
      const forged = 'sha256=' + createHmac('sha256', '').update(body).digest('hex');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': forged }, body), '', Date.now()), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': forged }, body), undefined, Date.now()), 'WEBHOOK_SIGNATURE');
    });

    it('covers the raw bytes, so a body that is not UTF-8 verifies exactly as sent', () => {
      const body = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
      const header = 'sha256=' + createHmac('sha256', 's').update(body).digest('hex');
      expect(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': header }, body), 's', Date.now()).ok).to.equal(true);
    });

    it('reads base64 signatures when the connector says so', () => {
      const verify: WebhookVerify = { ...verifyOf.github!, header: 'X-Shopify-Hmac-Sha256', prefix: undefined, encoding: 'base64' };
      const body = '{"id":1}';
      const header = createHmac('sha256', 'shop-secret').update(body).digest('base64');
      expect(verifySignature(verify, request({ 'x-shopify-hmac-sha256': header }, body), 'shop-secret', Date.now()).ok).to.equal(true);
      expectRejected(verifySignature(verify, request({ 'x-shopify-hmac-sha256': header }, body + ' '), 'shop-secret', Date.now()), 'WEBHOOK_SIGNATURE');
    });
  });

  describe('hmac-sha1', () => {
    it('accepts a SHA-1 signature and refuses a SHA-256 one in its place', () => {
      const verify: WebhookVerify = { ...verifyOf.github!, scheme: 'hmac-sha1', header: 'X-Hub-Signature', prefix: 'sha1=' };
      const body = '{"zen":"Keep it logically awesome."}';
      const sha1 = 'sha1=' + createHmac('sha1', 'k').update(body).digest('hex');
      const sha256 = 'sha1=' + createHmac('sha256', 'k').update(body).digest('hex');
      expect(verifySignature(verify, request({ 'x-hub-signature': sha1 }, body), 'k', Date.now()).ok).to.equal(true);
      expectRejected(verifySignature(verify, request({ 'x-hub-signature': sha256 }, body), 'k', Date.now()), 'WEBHOOK_SIGNATURE');
    });
  });

  describe('hmac-sha256 with a timestamp and signedContent (Slack)', () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    };
    const at = 1531420618 * 1000;

    it('accepts Slack\'s documented example at its time', () => {
      expect(verifySignature(verifyOf.slack!, request(headers, body), SLACK_SIGNING_SECRET, at + 30_000)).to.deep.equal({ ok: true });
    });

    it('refuses it six minutes later (tolerance 5m) with WEBHOOK_TIMESTAMP', () => {
      expectRejected(verifySignature(verifyOf.slack!, request(headers, body), SLACK_SIGNING_SECRET, at + 6 * 60_000), 'WEBHOOK_TIMESTAMP');
      expectRejected(verifySignature(verifyOf.slack!, request(headers, body), SLACK_SIGNING_SECRET, at - 6 * 60_000), 'WEBHOOK_TIMESTAMP');
    });

    it('refuses a replay with a fresh timestamp (the timestamp is signed)', () => {
      const replay = { ...headers, 'x-slack-request-timestamp': String(1531420618 + 60) };
      expectRejected(verifySignature(verifyOf.slack!, request(replay, body), SLACK_SIGNING_SECRET, at + 60_000), 'WEBHOOK_SIGNATURE');
    });

    it('refuses a missing or unreadable timestamp', () => {
      const { 'x-slack-request-timestamp': _, ...without } = headers;
      expectRejected(verifySignature(verifyOf.slack!, request(without, body), SLACK_SIGNING_SECRET, at), 'WEBHOOK_TIMESTAMP');
      expectRejected(verifySignature(verifyOf.slack!, request({ ...headers, 'x-slack-request-timestamp': 'yesterday' }, body), SLACK_SIGNING_SECRET, at), 'WEBHOOK_TIMESTAMP');
    });

    it('without signedContent signs the body alone, and still requires a fresh timestamp', () => {
      const verify: WebhookVerify = { ...verifyOf.github!, timestampHeader: 'X-Acme-Timestamp', toleranceMs: 60_000 };
      const body = '{"a":1}';
      const now = Date.now();
      const ts = String(Math.floor(now / 1000));
      const header = 'sha256=' + createHmac('sha256', 'k').update(body).digest('hex');
      expect(verifySignature(verify, request({ 'x-hub-signature-256': header, 'x-acme-timestamp': ts }, body), 'k', now).ok).to.equal(true);
      expectRejected(verifySignature(verify, request({ 'x-hub-signature-256': header }, body), 'k', now), 'WEBHOOK_TIMESTAMP');
    });

    it('signs `{{timestamp}}.{{body}}` when the connector says so, splicing the raw body bytes in', () => {
      const compiled = compileTemplate('{{timestamp}}.{{body}}', { file: 'connectors/acme.yaml', line: 1, column: 1 });
      if (!compiled.ok) throw new Error(compiled.problem.message);
      const verify: WebhookVerify = { ...verifyOf.github!, timestampHeader: 'X-Acme-Timestamp', signedContent: compiled.template };
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]); // invalid UTF-8 inside
      const now = Date.now();
      const ts = String(now);
      const header = 'sha256=' + createHmac('sha256', 'k').update(Buffer.concat([Buffer.from(`${ts}.`), body])).digest('hex');
      expect(verifySignature(verify, request({ 'x-hub-signature-256': header, 'x-acme-timestamp': ts }, body), 'k', now).ok).to.equal(true);
      const bodyOnly = 'sha256=' + createHmac('sha256', 'k').update(body).digest('hex');
      expectRejected(verifySignature(verify, request({ 'x-hub-signature-256': bodyOnly, 'x-acme-timestamp': ts }, body), 'k', now), 'WEBHOOK_SIGNATURE');
    });
  });

  describe('standard-webhooks', () => {
    // The test vector of https://github.com/standard-webhooks/standard-webhooks (libraries' unit tests).
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    const body = '{"test": 2432232314}';
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const at = 1614265330 * 1000;

    it('accepts the specification\'s test vector', () => {
      expect(verifySignature(verifyOf.standard!, request(headers, body), secret, at)).to.deep.equal({ ok: true });
    });

    it('accepts when one of several signatures matches (key rotation)', () => {
      const rotated = { ...headers, 'webhook-signature': `v1,Zm9vYmFyYmF6 v2,abc ${headers['webhook-signature']}` };
      expect(verifySignature(verifyOf.standard!, request(rotated, body), secret, at).ok).to.equal(true);
    });

    it('refuses a stale timestamp, a tampered body, another id and a wrong secret', () => {
      expectRejected(verifySignature(verifyOf.standard!, request(headers, body), secret, at + 10 * 60_000), 'WEBHOOK_TIMESTAMP');
      expectRejected(verifySignature(verifyOf.standard!, request(headers, body.replace('2', '3')), secret, at), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.standard!, request({ ...headers, 'webhook-id': 'msg_other' }, body), secret, at), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.standard!, request(headers, body), 'whsec_' + Buffer.from('other').toString('base64'), at), 'WEBHOOK_SIGNATURE');
    });

    it('refuses missing headers', () => {
      const { 'webhook-id': _, ...noId } = headers;
      const { 'webhook-timestamp': __, ...noTimestamp } = headers;
      expectRejected(verifySignature(verifyOf.standard!, request(noId, body), secret, at), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verifyOf.standard!, request(noTimestamp, body), secret, at), 'WEBHOOK_TIMESTAMP');
    });
  });

  describe('shared-secret and none', () => {
    it('accepts the exact secret and refuses anything else', () => {
      const verify = verifyOf.okta!;
      expect(verifySignature(verify, request({ authorization: 'sekret-value' }, '{}'), 'sekret-value', Date.now()).ok).to.equal(true);
      expectRejected(verifySignature(verify, request({ authorization: 'sekret-valuE' }, '{}'), 'sekret-value', Date.now()), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verify, request({ authorization: 'sekret-value ' }, '{}'), 'sekret-value', Date.now()), 'WEBHOOK_SIGNATURE');
      expectRejected(verifySignature(verify, request({}, '{}'), 'sekret-value', Date.now()), 'WEBHOOK_SIGNATURE');
    });

    it('none accepts without a signature and never counts a request as signed', () => {
      expect(verifySignature(verifyOf.plain!, request({}, 'x'), undefined, Date.now()).ok).to.equal(true);
      expect(isSigned(verifyOf.plain!, { authorization: 'x' })).to.equal(false);
    });
  });

  describe('the signing secret', () => {
    it('renders from the registration output, the runtime secret or the connection', () => {
      const scope = { registration: { secret: 'from-register' }, secret: 'from-runtime', connection: { signingSecret: 'from-connection' } };
      expect(renderVerifySecret(verifyOf.github!, scope)).to.equal('from-register');
      expect(renderVerifySecret(verifyOf.okta!, scope)).to.equal('from-runtime');
      expect(renderVerifySecret(verifyOf.slack!, scope)).to.equal('from-connection');
      expect(renderVerifySecret(verifyOf.plain!, scope)).to.equal(undefined);
    });

    it('renders empty before the register flow returned, which verifies nothing', () => {
      const secret = renderVerifySecret(verifyOf.github!, { registration: undefined, secret: 'x', connection: {} });
      expect(secret).to.equal('');
      expectRejected(verifySignature(verifyOf.github!, request({ 'x-hub-signature-256': 'sha256=00' }, ''), secret, Date.now()), 'WEBHOOK_SIGNATURE');
    });
  });

  describe('building blocks', () => {
    it('constantTimeEqual compares content and length', () => {
      expect(constantTimeEqual('abc', 'abc')).to.equal(true);
      expect(constantTimeEqual('abc', 'abd')).to.equal(false);
      expect(constantTimeEqual('abc', 'abcd')).to.equal(false);
      expect(constantTimeEqual(Buffer.from([1, 2]), Buffer.from([1, 2]))).to.equal(true);
      expect(constantTimeEqual('', '')).to.equal(true);
    });

    it('parseTimestamp reads Unix seconds, milliseconds and ISO-8601', () => {
      expect(parseTimestamp('1531420618')).to.equal(1531420618000);
      expect(parseTimestamp('1531420618123')).to.equal(1531420618123);
      expect(parseTimestamp('2018-07-12T18:36:58Z')).to.equal(1531420618000);
      expect(parseTimestamp('-5')).to.equal(undefined);
      expect(parseTimestamp('12abc')).to.equal(undefined);
    });
  });
});
