// How a value looks inside rendered text: strings as they are, objects and lists as JSON, nothing for
// null/undefined (never "[object Object]" or "null").

export function renderText(v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'function':
    case 'symbol':
      return '';
    default:
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
      return JSON.stringify(v) ?? '';
  }
}
