// Removing secrets from values before they are recorded or shown: known secret strings anywhere inside strings,
// and whole values under keys that name credentials. The result is plain JSON data (cycles, buffers, bigints and
// the like are turned into markers), so it can always be serialized.

export const REDACTED = '[REDACTED]';
/** Shorter secrets would redact ordinary words; such values must not be used as secrets in the first place. */
export const MIN_SECRET_LENGTH = 4;
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
const PREVIEW_CHARS = 1024;
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

// Compared against the key lowercased without `-`, `_` and spaces: x-api-key, client_secret, accessToken, ...
const SENSITIVE_KEY_PARTS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'authorization', 'apikey', 'cookie', 'privatekey'];

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_ ]/g, '');
  return SENSITIVE_KEY_PARTS.some((part) => k.includes(part));
}

export interface Redactor {
  /** A redacted, JSON-safe copy of `value`. */
  redact(value: unknown): unknown;
  redactText(text: string): string;
}

/** Prepares the secret list once (deduplicated, URL-encoded forms added, longest first) for many values. */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    // Secrets also travel in query strings and form bodies.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) needles.add(encoded);
    const formEncoded = encoded.replace(/%20/g, '+');
    if (formEncoded !== encoded) needles.add(formEncoded);
  }
  // Longest first, so a secret containing another is removed whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);

  const redactText = (text: string): string => {
    let out = text;
    for (const needle of ordered) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  };

  return {
    redactText,
    redact(value: unknown): unknown {
      const budget = { nodes: 0 };
      return walk(value, 0, new Set<object>(), budget, redactText);
    },
  };
}

/** Replaces every secret (length >= 4) inside any string, and values under credential-like keys, by `[REDACTED]`. */
export function redact(value: unknown, secrets: Iterable<string>): unknown {
  return createRedactor(secrets).redact(value);
}

function walk(value: unknown, depth: number, ancestors: Set<object>, budget: { nodes: number }, redactText: (s: string) => string): unknown {
  if (++budget.nodes > MAX_NODES) return '[Omitted]';
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (Buffer.isBuffer(obj) || obj instanceof Uint8Array) return `[binary: ${obj.byteLength} bytes]`;
  if (obj instanceof ArrayBuffer) return `[binary: ${obj.byteLength} bytes]`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (depth >= MAX_DEPTH) return '[TooDeep]';
  if (ancestors.has(obj)) return '[Circular]';
  ancestors.add(obj);
  try {
    if (obj instanceof Error) {
      return { name: obj.name, message: redactText(obj.message), ...(walkEntries(obj, depth, ancestors, budget, redactText) as object) };
    }
    if (Array.isArray(obj)) {
      return obj.map((item) => {
        const v = walk(item, depth + 1, ancestors, budget, redactText);
        return v === undefined ? null : v;
      });
    }
    if (obj instanceof Map) return walkEntries(Object.fromEntries(obj), depth, ancestors, budget, redactText);
    if (obj instanceof Set) return walk([...obj], depth, ancestors, budget, redactText);
    return walkEntries(obj, depth, ancestors, budget, redactText);
  } finally {
    ancestors.delete(obj);
  }
}

function walkEntries(obj: object, depth: number, ancestors: Set<object>, budget: { nodes: number }, redactText: (s: string) => string): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(obj)) {
    if (item === undefined) continue;
    const v = isSensitiveKey(key) ? (item === null ? null : REDACTED) : walk(item, depth + 1, ancestors, budget, redactText);
    if (v === undefined) continue;
    // defineProperty: a recorded key named __proto__ stays data instead of changing the prototype.
    Object.defineProperty(out, redactText(key), { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * JSON text of `value`, or when that is longer than `maxBytes` (UTF-8), the JSON of
 * `{"truncated": true, "size": N, "preview": "<first 1 KiB of the JSON>"}`. Redact before capping.
 */
export function capSerialized(value: unknown, maxBytes: number = DEFAULT_MAX_RECORD_BYTES): string {
  const json = JSON.stringify(value) ?? 'null';
  // Cheap exit: a UTF-8 byte is at least one UTF-16 unit and at most three.
  if (json.length * 3 <= maxBytes) return json;
  const size = Buffer.byteLength(json, 'utf8');
  if (size <= maxBytes) return json;
  let preview = json.slice(0, PREVIEW_CHARS);
  // Do not end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(preview)) preview = preview.slice(0, -1);
  return JSON.stringify({ truncated: true, size, preview });
}

/** Redacts, then serializes with the size cap: what execution records store. */
export function redactForRecord(value: unknown, secrets: Iterable<string> | Redactor, maxBytes: number = DEFAULT_MAX_RECORD_BYTES): string {
  const redactor = isRedactor(secrets) ? secrets : createRedactor(secrets);
  return capSerialized(redactor.redact(value), maxBytes);
}

function isRedactor(x: Iterable<string> | Redactor): x is Redactor {
  return typeof (x as Redactor).redact === 'function' && typeof (x as Redactor).redactText === 'function';
}
