// A response as a cassette holds it, and back: recording keeps the status, an allow-list of headers and the
// body as data (binary and file bodies as base64); replaying turns the recorded body back into bytes and reads
// them with the same body readers as the wire transport, so size limits, JSON parsing and file handles behave
// exactly as live.
import { Readable } from 'node:stream';
import type { FileStore } from '../model/file-handle.js';
import { isFileHandle } from '../model/file-handle.js';
import type { HttpResponse, PreparedRequest } from '../http/prepared-request.js';
import type { HttpCall } from '../http/pipeline.js';
import { buildRequestUrl, printableUrl } from '../http/request-url.js';
import { isJsonContentType, readErrorBody, readSuccessBody } from '../http/response-body.js';
import { isSuccessStatus } from '../http/status-error.js';
import type { RecordedResponse } from './cassette.js';
import { sortedRecord } from './recorded-request.js';

/** Response headers every cassette keeps: what pagination, retries and file names read. */
export const RECORDED_RESPONSE_HEADERS: readonly string[] = ['content-disposition', 'content-type', 'link', 'location', 'retry-after'];

/** Headers holding URLs: a placeholder's `<` and `>` would end a Link header's `<URI>`, so they stay encoded there. */
const URL_HEADERS = new Set(['link', 'location']);
const PLAIN_PLACEHOLDER = /<SECRET:([A-Za-z_][A-Za-z0-9_]*)>/g;

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/** `clean` scrubs secrets (and rewrites the live origin) in every string kept. */
export async function recordedResponseOf(
  response: HttpResponse,
  keepHeaders: readonly string[],
  clean: { text(text: string): string; value(value: unknown): unknown },
  fileStore: FileStore | undefined,
): Promise<RecordedResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !keepHeaders.includes(lower)) continue;
    const text = clean.text(Array.isArray(value) ? value.join(', ') : value);
    headers[lower] = URL_HEADERS.has(lower) ? text.replace(PLAIN_PLACEHOLDER, '%3CSECRET%3A$1%3E') : text;
  }
  const base = { status: response.status, headers: sortedRecord(headers) };
  const { body } = response;
  if (Buffer.isBuffer(body)) return { ...base, bodyBase64: body.toString('base64') };
  if (isFileHandle(body)) {
    if (!fileStore) throw new Error('a file response was recorded without a file store');
    return { ...base, bodyBase64: (await fileStore.read(body)).toString('base64') };
  }
  if (body === undefined) return base;
  return { ...base, body: typeof body === 'string' ? clean.text(body) : clean.value(body) };
}

export async function replayedResponse(recorded: RecordedResponse, request: PreparedRequest, call: HttpCall): Promise<HttpResponse> {
  const { context } = call;
  const url = buildRequestUrl(request, context.origin);
  const headers = { ...recorded.headers };
  const success = isSuccessStatus(recorded.status);
  const bytes = bodyBytes(recorded, request, success);
  const stream = Readable.from(bytes.length > 0 ? [bytes] : []);
  const body = success
    ? await readSuccessBody(stream, request.responseType, { what: `${request.method} ${printableUrl(url)}`, status: recorded.status, headers, url, origin: context.origin }, {
        maxBytes: context.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        maxFileBytes: context.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
        fileStore: context.fileStore,
      })
    : await readErrorBody(stream, headers);
  return { status: recorded.status, headers, body, url: printableUrl(url) };
}

/**
 * Text is replayed as the text it was, other data as JSON. A string recorded for a JSON response whose
 * content type says JSON was a JSON string literal on the wire, so it goes back as one.
 */
function bodyBytes(recorded: RecordedResponse, request: PreparedRequest, success: boolean): Buffer {
  if (recorded.bodyBase64 !== undefined) return Buffer.from(recorded.bodyBase64, 'base64');
  const { body } = recorded;
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') {
    const jsonLiteral = success && request.responseType === 'json' && isJsonContentType(recorded.headers);
    return Buffer.from(jsonLiteral ? JSON.stringify(body) : body, 'utf8');
  }
  return Buffer.from(JSON.stringify(body), 'utf8');
}
