// A delivery's body as definitions see it: JSON (content type `application/json` or `*/*+json`), form fields
// (`application/x-www-form-urlencoded`, repeated names as lists), or text. Empty bodies are `undefined`.
// JSON nested deeper than MAX_JSON_DEPTH is refused before parsing: later stages (storing, JSONata) recurse.

export const MAX_JSON_DEPTH = 128;

export type ParsedBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

export function parseWebhookBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (media === 'application/json' || media.endsWith('+json')) {
    const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (jsonDepthExceeds(json, MAX_JSON_DEPTH)) return { ok: false, detail: `JSON nested deeper than ${MAX_JSON_DEPTH}` };
    try {
      return { ok: true, value: JSON.parse(json) };
    } catch {
      return { ok: false, detail: 'malformed JSON' };
    }
  }
  if (media === 'application/x-www-form-urlencoded') return { ok: true, value: urlEncodedFields(new URLSearchParams(text)) };
  return { ok: true, value: text };
}

/** Form fields or query parameters as an object without prototype; a repeated name gives a list. */
export function urlEncodedFields(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of params) {
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
}

/** Bracket depth outside strings; malformed text is left for JSON.parse to refuse. */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
