// A request as a cassette holds it and as replay matches it: method, path with the query sorted by name, the
// content-type and accept headers, and the body as data. Secrets are scrubbed to placeholders first, so a request
// recorded live and the same request replayed with placeholder credentials have one form.
import { isDeepStrictEqual } from 'node:util';
import type { FileHandle } from '../model/file-handle.js';
import type { Origin } from '../model/model.js';
import type { PreparedBody, PreparedRequest } from '../http/prepared-request.js';
import { buildRequestUrl } from '../http/request-url.js';
import { encodeRequestBody } from '../http/request-body.js';
import type { SecretScrubber } from './secret-scrubber.js';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query (parameters sorted by name), no scheme or host. */
  readonly url: string;
  /** content-type and accept only: credentials are never recorded. */
  readonly headers: Readonly<Record<string, string>>;
  /** Absent: no body. JSON as data, form fields as a map, text as text, files described. */
  readonly body?: unknown;
}

/** Request headers a cassette keeps; everything else (Authorization, cookies, API keys, ...) is dropped. */
export const RECORDED_REQUEST_HEADERS: readonly string[] = ['accept', 'content-type'];

/** Throws what the wire transport would for a request it cannot send (bad URL, a GET with a body, ...). */
export function recordedRequestOf(request: PreparedRequest, scrubber: SecretScrubber, origin?: Origin): RecordedRequest {
  const url = buildRequestUrl(request, origin);
  const body = request.body;
  // Same refusals as on the wire; file bodies are not opened here (their stream would never be read).
  if (body && (body.type === 'json' || body.type === 'form' || body.type === 'raw' || request.method === 'GET' || request.method === 'HEAD')) {
    encodeRequestBody(request, undefined, origin);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (RECORDED_REQUEST_HEADERS.includes(lower)) headers[lower] = scrubber.text(value);
  }
  const described = body ? describeBody(body, scrubber) : undefined;
  if (described && headers['content-type'] === undefined) headers['content-type'] = described.contentType;
  return {
    method: request.method,
    url: canonicalUrl(url.pathname, url.searchParams, scrubber),
    headers: sortedRecord(headers),
    ...(described && { body: described.body }),
  };
}

/** A recorded URL as written in a cassette (maybe edited by hand) in the canonical form replay compares. */
export function canonicalRecordedUrl(url: string, scrubber: SecretScrubber): string {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://recorded.invalid');
  } catch {
    return url;
  }
  return canonicalUrl(parsed.pathname, parsed.searchParams, scrubber);
}

/** The query split into sorted name/value pairs, for showing differences. */
export function queryPairs(url: string): [string, string][] {
  try {
    return sortPairs(new URL(url, 'http://recorded.invalid').searchParams);
  } catch {
    return [];
  }
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Bodies compare as data: key order and JSON number forms do not matter. */
export function sameBody(recorded: unknown, sent: unknown): boolean {
  return isDeepStrictEqual(plainJson(recorded), plainJson(sent));
}

export function plainJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Query values are scrubbed decoded (before encoding), so a secret is found whatever characters it holds. */
function canonicalUrl(pathname: string, params: URLSearchParams, scrubber: SecretScrubber): string {
  const pairs = sortPairs(params);
  if (pairs.length === 0) return scrubber.text(pathname);
  const query = pairs.map(([n, v]) => `${encodeQueryPart(scrubber.text(n))}=${encodeQueryPart(scrubber.text(v))}`).join('&');
  // The second pass turns the encoded placeholders back into their plain form.
  return scrubber.text(`${pathname}?${query}`);
}

/** By name; parameters of one name keep their order (it can matter: ids=1&ids=2). */
function sortPairs(params: URLSearchParams): [string, string][] {
  return [...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** encodeURIComponent, leaving the characters a query may hold as they are, so dates and paths stay readable. */
function encodeQueryPart(text: string): string {
  return encodeURIComponent(text).replace(/%(3A|40|2F|2C|24|3F|5B|5D)/gi, (m) => decodeURIComponent(m));
}

function describeBody(body: PreparedBody, scrubber: SecretScrubber): { contentType: string; body: unknown } {
  switch (body.type) {
    case 'json':
      return { contentType: 'application/json', body: scrubber.value(plainJson(body.value ?? null)) };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', body: scrubber.value(sortedRecord({ ...body.fields })) };
    case 'raw':
      return { contentType: body.contentType, body: typeof body.text === 'string' ? scrubber.text(body.text) : describeBytes(body.text) };
    case 'file':
      return { contentType: body.file.contentType || 'application/octet-stream', body: describeFile(body.file) };
    case 'multipart':
      return {
        contentType: 'multipart/form-data',
        body: body.parts.map((part) => ('file' in part ? { name: part.name, file: describeFile(part.file) } : { name: part.name, value: scrubber.text(part.value) })),
      };
  }
}

function describeFile(file: FileHandle): string {
  return `<file ${file.name} (${file.contentType}), ${file.size} bytes, sha256 ${file.sha256}>`;
}

function describeBytes(bytes: Buffer): string {
  return `<${bytes.length} bytes>`;
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
