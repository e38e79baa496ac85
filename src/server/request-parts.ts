// The parts of a request that definitions see, as plain data: header names in lower case, query values as
// strings (a list when repeated). Objects have no prototype, so names like `__proto__` are plain keys.
import { urlEncodedFields } from '../triggers/webhook-body.js';

/** Repeated headers are joined with ", " (as HTTP allows for list-valued headers). */
export function headersOf(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

export function queryOf(url: URL): Record<string, string | string[]> {
  return urlEncodedFields(url.searchParams);
}
