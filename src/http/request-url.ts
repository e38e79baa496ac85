// Builds the wire URL from a prepared request, and the printable form used in messages and records.
import type { PreparedRequest } from './prepared-request.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';

/** The absolute URL with the request's query appended (a query already in `url` is kept). */
export function buildRequestUrl(request: PreparedRequest, origin?: Origin): URL {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new RuntimeError('HTTP_URL_INVALID', `request URL ${quoteUrlPrefix(request.url)} is not a valid absolute URL`, {
      actor: 'author',
      origin,
    });
  }
  for (const [name, value] of Object.entries(request.query)) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
  }
  return url;
}

/** `https://api.example.com/path`: no credentials, query or fragment, which may hold secrets. */
export function printableUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return quoteUrlPrefix(String(url));
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

// For an unparsable URL: no query, fragment or user info, bounded, so a message never carries a key.
function quoteUrlPrefix(text: string): string {
  const cut = (text.split(/[?#]/, 1)[0] ?? '').replace(/\/\/[^/]*@/, '//');
  return JSON.stringify(cut.length > 200 ? `${cut.slice(0, 200)}...` : cut);
}
