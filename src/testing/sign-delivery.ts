// Signs a test delivery as the service would, for the event's verify scheme: the inverse of
// src/triggers/verify/. Headers the case sets itself (a fixed timestamp, a webhook-id) are kept and signed.
import { createHmac } from 'node:crypto';
import type { WebhookVerify } from '../model/model.js';
import { signedContent } from '../triggers/verify/signed-content.js';

/** Returns the headers to add (lower-case names). `now` is epoch milliseconds. */
export function signatureHeaders(
  verify: WebhookVerify,
  secret: string,
  rawBody: Buffer,
  given: Readonly<Record<string, string>>,
  now: number,
): Record<string, string> {
  const seconds = String(Math.floor(now / 1000));
  switch (verify.scheme) {
    case 'hmac-sha256':
    case 'hmac-sha1': {
      const out: Record<string, string> = {};
      let timestamp = '';
      if (verify.timestampHeader) {
        const name = verify.timestampHeader.toLowerCase();
        timestamp = given[name] ?? seconds;
        out[name] = timestamp;
      }
      const digest = createHmac(verify.scheme === 'hmac-sha256' ? 'sha256' : 'sha1', secret)
        .update(signedContent(verify.signedContent, timestamp, rawBody))
        .digest(verify.encoding === 'hex' ? 'hex' : 'base64');
      if (verify.header) out[verify.header.toLowerCase()] = `${verify.prefix ?? ''}${digest}`;
      return out;
    }
    case 'standard-webhooks': {
      const id = given['webhook-id'] ?? 'msg_test';
      const timestamp = given['webhook-timestamp'] ?? seconds;
      const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64');
      return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
    }
    case 'shared-secret':
      return verify.header ? { [verify.header.toLowerCase()]: secret } : {};
    case 'none':
      return {};
  }
}
