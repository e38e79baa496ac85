// The helpers templates may call (docs/format.md, "Expressions and templates"). Each is a plain function of
// values; the Handlebars environment adapts them, and single-mustache templates call them directly.
import { renderText } from './render-text.js';

export interface HelperSpec {
  readonly fn: (...args: unknown[]) => unknown;
  /** Allowed argument counts: [min, max]. */
  readonly arity: readonly [number, number];
}

const MANY = Number.MAX_SAFE_INTEGER;

export const OUR_HELPERS: Readonly<Record<string, HelperSpec>> = Object.freeze({
  path: { fn: (v: unknown) => encodePathSegment(renderText(v)), arity: [1, 1] },
  query: { fn: (v: unknown) => encodeURIComponent(renderText(v)), arity: [1, 1] },
  json: { fn: (v: unknown) => JSON.stringify(v) ?? 'null', arity: [1, 1] },
  base64: { fn: (v: unknown) => toBase64(v), arity: [1, 1] },
  urlencode: { fn: (v: unknown) => formEncode(v), arity: [1, 1] },
  default: { fn: (a: unknown, b: unknown) => (a === null || a === undefined || a === '' ? b : a), arity: [2, 2] },
  eq: { fn: (a: unknown, b: unknown) => a === b, arity: [2, 2] },
  ne: { fn: (a: unknown, b: unknown) => a !== b, arity: [2, 2] },
  and: { fn: (...args: unknown[]) => args.every(isTruthy), arity: [2, MANY] },
  or: { fn: (...args: unknown[]) => args.some(isTruthy), arity: [2, MANY] },
  not: { fn: (v: unknown) => !isTruthy(v), arity: [1, 1] },
});

/** Handlebars' own helpers that stay available; `log`, `helperMissing` and `blockHelperMissing` do not. */
export const BLOCK_BUILTINS: readonly string[] = ['if', 'unless', 'each', 'with'];
export const INLINE_BUILTINS: readonly string[] = ['lookup'];

export const TEMPLATE_HELPERS: readonly string[] = Object.freeze([...Object.keys(OUR_HELPERS), ...BLOCK_BUILTINS, ...INLINE_BUILTINS]);

/** Truthiness as `{{#if}}` sees it: empty lists and empty strings are false, 0 too. */
export function isTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** encodeURIComponent leaves `.` alone, so `.` and `..` would still walk up the URL path: encode them too. */
function encodePathSegment(text: string): string {
  const encoded = encodeURIComponent(text);
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

function toBase64(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return Buffer.from(renderText(v), 'utf8').toString('base64');
}

/** application/x-www-form-urlencoded: an object becomes `a=1&b=2`, anything else one encoded value. */
function formEncode(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(v)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) params.append(key, renderText(item));
      else params.append(key, renderText(value));
    }
    return params.toString();
  }
  return new URLSearchParams([['', renderText(v)]]).toString().slice(1);
}
