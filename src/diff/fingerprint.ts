// A canonical text of a part of the compiled model, so two revisions compare by meaning, not by layout:
// compiled expressions and templates stand for their source text, origins (positions) are left out, and map
// keys are sorted. Equal fingerprints mean the part behaves the same.

/** Deeper structures exist only in hostile input; the loader's own depth limit is far below this. */
const MAX_DEPTH = 200;

export function fingerprint(value: unknown): string {
  return JSON.stringify(canonical(value, 0)) ?? 'undefined';
}

/** True when both are absent or have the same fingerprint. */
export function sameMeaning(a: unknown, b: unknown): boolean {
  return fingerprint(a) === fingerprint(b);
}

function canonical(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '…';
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  const compiledText = sourceOf(value);
  if (compiledText !== undefined) return { $source: compiledText };
  if (Array.isArray(value)) return value.map((v) => canonical(v, depth + 1) ?? null);
  if (value instanceof Map) return canonical(Object.fromEntries(value), depth + 1);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === 'origin') continue;
    const v = canonical((value as Record<string, unknown>)[key], depth + 1);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The source text of a compiled expression (`evaluate`) or template (`render`). */
function sourceOf(value: object): string | undefined {
  const v = value as { source?: unknown; evaluate?: unknown; render?: unknown };
  if (typeof v.source !== 'string') return undefined;
  return typeof v.evaluate === 'function' || typeof v.render === 'function' ? v.source : undefined;
}
