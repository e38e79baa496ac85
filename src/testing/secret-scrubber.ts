// Replaces secret values by named placeholders `<SECRET:name>` in recorded requests and responses, so cassettes
// never hold a secret and a replayed connection (whose secrets ARE the placeholders) sends the same requests.
// Placeholders that a URL encoder escaped (`%3CSECRET%3Aname%3E`) are turned back into their plain form, so a
// request recorded live and the same request replayed offline have one text.
import { MIN_SECRET_LENGTH } from '../store/redact.js';

export interface NamedSecret {
  /** Connection field name, or `accessToken` / `refreshToken`. */
  readonly name: string;
  readonly value: string;
}

export function secretPlaceholder(name: string): string {
  return `<SECRET:${name}>`;
}

const ENCODED_PLACEHOLDER = /%3CSECRET(?::|%3A)([A-Za-z_][A-Za-z0-9_]*)%3E/gi;
const MAX_DEPTH = 200;

export interface SecretScrubber {
  text(text: string): string;
  /** A copy of plain JSON data with every string (and map key) scrubbed. */
  value(value: unknown): unknown;
  /** Names of the secrets whose value still occurs in `text` (after scrubbing it must be none). */
  leaks(text: string): string[];
}

/**
 * Secrets shorter than the redactor's minimum are not scrubbed: they would replace ordinary words and cannot be
 * real credentials. Each secret is also looked for URL- and form-encoded; the longest are replaced first.
 */
export function createSecretScrubber(secrets: readonly NamedSecret[]): SecretScrubber {
  const needles: { readonly find: string; readonly name: string }[] = [];
  for (const { name, value } of secrets) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || value === secretPlaceholder(name)) continue;
    const encoded = encodeURIComponent(value);
    for (const find of new Set([value, encoded, encoded.replace(/%20/g, '+')])) needles.push({ find, name });
  }
  needles.sort((a, b) => b.find.length - a.find.length);

  const text = (input: string): string => {
    let out = input;
    for (const { find, name } of needles) if (out.includes(find)) out = out.split(find).join(secretPlaceholder(name));
    return out.includes('%') ? out.replace(ENCODED_PLACEHOLDER, (_m, name: string) => secretPlaceholder(name)) : out;
  };

  const value = (input: unknown, depth = 0): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object' || depth > MAX_DEPTH) return input;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1));
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` key in a body is data, never the prototype.
    for (const [key, item] of Object.entries(input)) {
      Object.defineProperty(out, text(key), { value: value(item, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };

  return {
    text,
    value,
    leaks: (input) => [...new Set(needles.filter((n) => input.includes(n.find)).map((n) => n.name))],
  };
}
