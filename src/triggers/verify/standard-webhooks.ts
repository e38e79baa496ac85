// `standard-webhooks` (https://www.standardwebhooks.com): `webhook-signature` holds space-separated
// `v1,<base64 HMAC-SHA256>` over `${webhook-id}.${webhook-timestamp}.${body}`; the secret is base64 after an
// optional `whsec_` prefix; the timestamp (Unix seconds) must be within the tolerance.
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.js';
import { rejected, VERIFIED, type SignatureScheme, type VerifyInput, type VerifyResult } from './signature-scheme.js';
import { checkTimestamp } from './timestamp-tolerance.js';

const MAX_SIGNATURES = 16;

export const standardWebhooks: SignatureScheme = {
  name: 'standard-webhooks',
  needsSecret: true,
  isSigned: (_verify, headers) => headers['webhook-signature'] !== undefined,
  verify: verifyStandardWebhook,
};

function verifyStandardWebhook({ verify, request, secret, now }: VerifyInput): VerifyResult {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = request.headers['webhook-signature'];
  if (!id || !signatures) return rejected('WEBHOOK_SIGNATURE', 'webhook-id or webhook-signature header missing');
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp.trim())) return rejected('WEBHOOK_TIMESTAMP', 'webhook-timestamp missing or not Unix seconds');
  const fresh = checkTimestamp(timestamp, now, verify.toleranceMs);
  if (!fresh.ok) return fresh;
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) return rejected('WEBHOOK_SIGNATURE', 'the signing secret is not base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(request.rawBody)
    .digest();
  let matched = false;
  // Several signatures during key rotation: every one is compared, no early exit.
  for (const entry of signatures.split(' ').filter(Boolean).slice(0, MAX_SIGNATURES)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    if (constantTimeEqual(given, expected)) matched = true;
  }
  return matched ? VERIFIED : rejected('WEBHOOK_SIGNATURE', 'no v1 signature matches');
}
