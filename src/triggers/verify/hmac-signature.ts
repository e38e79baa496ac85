// HMAC of the raw body (or of `signedContent`) in one header, hex or base64, after an optional prefix such as
// `sha256=`. hmac-sha256 and hmac-sha1 are this scheme with another digest.
import { createHmac } from 'node:crypto';
import type { VerifyScheme, WebhookVerify } from '../../model/model.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { rejected, VERIFIED, type SignatureScheme, type VerifyInput, type VerifyResult } from './signature-scheme.js';
import { signedContent } from './signed-content.js';
import { checkTimestamp } from './timestamp-tolerance.js';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function hmacScheme(name: VerifyScheme, algorithm: 'sha256' | 'sha1'): SignatureScheme {
  return {
    name,
    needsSecret: true,
    isSigned: (verify, headers) => headerOf(verify, headers) !== undefined,
    verify: (input) => verifyHmac(input, algorithm),
  };
}

function verifyHmac({ verify, request, secret, now }: VerifyInput, algorithm: 'sha256' | 'sha1'): VerifyResult {
  const header = headerOf(verify, request.headers);
  if (header === undefined) return rejected('WEBHOOK_SIGNATURE', 'signature header missing');
  let timestamp = '';
  if (verify.timestampHeader) {
    timestamp = request.headers[verify.timestampHeader.toLowerCase()] ?? '';
    const fresh = checkTimestamp(timestamp, now, verify.toleranceMs);
    if (!fresh.ok) return fresh;
  }
  const prefix = verify.prefix ?? '';
  const value = header.trim();
  if (!value.startsWith(prefix)) return rejected('WEBHOOK_SIGNATURE', 'signature prefix missing');
  const given = decodeSignature(value.slice(prefix.length), verify.encoding);
  if (!given) return rejected('WEBHOOK_SIGNATURE', `signature is not ${verify.encoding}`);
  const expected = createHmac(algorithm, secret).update(signedContent(verify.signedContent, timestamp, request.rawBody)).digest();
  return constantTimeEqual(given, expected) ? VERIFIED : rejected('WEBHOOK_SIGNATURE', 'signature mismatch');
}

function headerOf(verify: WebhookVerify, headers: Readonly<Record<string, string>>): string | undefined {
  return verify.header ? headers[verify.header.toLowerCase()] : undefined;
}

function decodeSignature(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (text.length === 0 || text.length > 1024) return undefined;
  if (encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
  return BASE64.test(text) ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64') : undefined;
}
