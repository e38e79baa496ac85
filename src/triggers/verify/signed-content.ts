// The bytes an HMAC covers: the raw body, or the connector's `signedContent` template over {timestamp, body}.
// The body is spliced in as bytes (never decoded and re-encoded), so any body signs exactly as it arrived.
import { randomBytes } from 'node:crypto';
import type { Template } from '../../model/model.js';

/** Stands for the body while the template renders; random per process, so no request can contain it. */
const BODY_MARKER = `\u0000body-${randomBytes(16).toString('hex')}\u0000`;

export function signedContent(template: Template | undefined, timestamp: string, rawBody: Buffer): Buffer {
  if (!template) return rawBody;
  const rendered = template.render({ timestamp, body: BODY_MARKER });
  const parts = rendered.split(BODY_MARKER).map((text) => Buffer.from(text, 'utf8'));
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(rawBody);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}
