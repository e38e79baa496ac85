// Verification challenges (Okta's GET with x-okta-verification-challenge, Slack's url_verification, Microsoft
// Graph's validationToken, ...): the first handshake whose `when` is truthy answers the request, and no event
// is stored. The body is JSON, or the plain string when the handshake sets a non-JSON content type.
import type { Handshake, Scope } from '../model/model.js';

export interface HandshakeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Set by the server from the answer itself; a definition may not override them. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'set-cookie']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]{0,8192}$/;

/** Evaluation errors (a broken definition) propagate as RuntimeErrors with the handshake's origin. */
export async function answerHandshake(handshakes: readonly Handshake[], scope: Scope): Promise<HandshakeAnswer | undefined> {
  for (const handshake of handshakes) {
    if (!truthy(await handshake.when.evaluate(scope))) continue;
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(handshake.headers)) {
      const value = template.render(scope);
      const lower = name.toLowerCase();
      // Rendered values can carry request data: anything that could split or smuggle headers is left out.
      if (RESERVED_HEADERS.has(lower) || !HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) continue;
      headers[lower] = value;
    }
    const value = handshake.body ? await handshake.body.evaluate(scope) : undefined;
    if (value === undefined) return { status: handshake.status, headers };
    const contentType = headers['content-type'];
    if (typeof value === 'string' && contentType !== undefined && !isJsonType(contentType)) {
      return { status: handshake.status, headers, body: value };
    }
    return { status: handshake.status, headers: { ...headers, 'content-type': contentType ?? 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
  }
  return undefined;
}

/** JSONata's idea of truth for a test: false, null, undefined, 0, '', empty objects and lists are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy);
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

function isJsonType(contentType: string): boolean {
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json');
}
