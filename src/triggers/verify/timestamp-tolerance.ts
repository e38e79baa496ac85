// Replay protection: a delivery's timestamp must lie within the tolerance of now, in either direction.
// Timestamps come as Unix seconds (Slack, Standard Webhooks), Unix milliseconds, or ISO-8601 text.
import { rejected, VERIFIED, type VerifyResult } from './signature-scheme.js';

/** Below this a number is taken as seconds (1e11 s is the year 5138), from it as milliseconds. */
const SECONDS_LIMIT = 1e11;

export function parseTimestamp(text: string): number | undefined {
  const value = text.trim();
  if (/^\d{1,16}(\.\d{1,9})?$/.test(value)) {
    const n = Number(value);
    return n < SECONDS_LIMIT ? n * 1000 : n;
  }
  if (value.length <= 64 && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

export function checkTimestamp(text: string | undefined, now: number, toleranceMs: number): VerifyResult {
  if (text === undefined || text === '') return rejected('WEBHOOK_TIMESTAMP', 'timestamp header missing');
  const at = parseTimestamp(text);
  if (at === undefined) return rejected('WEBHOOK_TIMESTAMP', 'timestamp not understood');
  if (Math.abs(now - at) > toleranceMs) return rejected('WEBHOOK_TIMESTAMP', 'timestamp outside the tolerance');
  return VERIFIED;
}
