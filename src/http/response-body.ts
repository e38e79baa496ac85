// Reads a response body as the step asked (json | text | binary | file) within a size limit, and error bodies
// (non-2xx) as parsed JSON or text truncated to 64 KiB for `error.body`.
import { Transform, type Readable } from 'node:stream';
import { RuntimeError } from '../errors/runtime-error.js';
import type { FileStore } from '../model/file-handle.js';
import type { Origin } from '../model/model.js';
import type { PreparedRequest } from './prepared-request.js';
import { responseFileName } from './content-disposition.js';

export const ERROR_BODY_LIMIT = 64 * 1024;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface ResponseMeta {
  /** `GET https://host/path`, for messages. */
  readonly what: string;
  readonly status: number;
  readonly headers: Headers;
  /** Final URL after redirects. */
  readonly url: URL;
  readonly origin?: Origin;
}

export interface ResponseLimits {
  readonly maxBytes: number;
  readonly maxFileBytes: number;
  readonly fileStore?: FileStore;
}

export async function readSuccessBody(
  stream: Readable,
  responseType: PreparedRequest['responseType'],
  meta: ResponseMeta,
  limits: ResponseLimits,
): Promise<unknown> {
  if (responseType === 'file') return readIntoFileStore(stream, meta, limits);
  const limit = limits.maxBytes;
  refuseDeclaredLength(stream, meta, limit);
  const bytes = await readAll(stream, limit, () => tooLarge(meta, limit));
  if (responseType === 'binary') return bytes;
  const text = decodeText(bytes, meta.headers);
  if (responseType === 'text') return text;
  return decodeJson(text, meta);
}

/** Parsed JSON when it is JSON, else text; at most 64 KiB are kept (the rest is not read). */
export async function readErrorBody(stream: Readable, headers: Headers): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > ERROR_BODY_LIMIT) {
      truncated = true;
      stream.destroy();
      break;
    }
  }
  const bytes = Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT);
  const text = decodeText(bytes, headers);
  if (!truncated && text.trim() !== '' && (isJsonContentType(headers) || looksLikeJson(text))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text === '' ? null : text;
}

export function isJsonContentType(headers: Headers): boolean {
  const type = headerValue(headers['content-type'])?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type === 'text/json' || /^application\/[^/]+\+json$/.test(type);
}

function decodeJson(text: string, meta: ResponseMeta): unknown {
  if (text.trim() === '') return null;
  const declared = isJsonContentType(meta.headers);
  if (!declared && !looksLikeJson(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!declared) return text;
    // JSON.parse messages quote the body: not in the message.
    throw new RuntimeError('HTTP_BAD_RESPONSE', `${meta.what} answered ${meta.status} with a body that is not valid JSON`, {
      actor: 'operational',
      origin: meta.origin,
      status: meta.status,
      body: text.length > ERROR_BODY_LIMIT ? text.slice(0, ERROR_BODY_LIMIT) : text,
    });
  }
}

function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[';
}

function decodeText(bytes: Buffer, headers: Headers): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(headerValue(headers['content-type']) ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes); // also drops a UTF-8 BOM
}

async function readAll(stream: Readable, limit: number, onTooLarge: () => RuntimeError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw onTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function readIntoFileStore(stream: Readable, meta: ResponseMeta, limits: ResponseLimits): Promise<unknown> {
  const { fileStore, maxFileBytes } = limits;
  if (!fileStore) {
    stream.destroy();
    throw new RuntimeError('HTTP_NO_FILE_STORE', `${meta.what}: a file response needs a file store, and none is configured`, {
      actor: 'bug', origin: meta.origin,
    });
  }
  refuseDeclaredLength(stream, meta, maxFileBytes);
  // Count here too, so the error is ours whatever the store does with its own limit.
  let size = 0;
  let overLimit = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxFileBytes) {
        overLimit = true;
        done(tooLarge(meta, maxFileBytes));
        return;
      }
      done(null, chunk);
    },
  });
  stream.on('error', (error) => counter.destroy(error));
  stream.pipe(counter);
  const name = responseFileName(meta.headers['content-disposition'], meta.url);
  const contentType = headerValue(meta.headers['content-type'])?.split(';')[0]?.trim() || 'application/octet-stream';
  try {
    return await fileStore.put(counter, { name, contentType }, maxFileBytes);
  } catch (error) {
    stream.destroy();
    if (overLimit || (error as { code?: unknown }).code === 'FILE_TOO_LARGE') throw tooLarge(meta, maxFileBytes);
    throw error;
  }
}

function refuseDeclaredLength(stream: Readable, meta: ResponseMeta, limit: number): void {
  const declared = Number(headerValue(meta.headers['content-length']));
  if (Number.isFinite(declared) && declared > limit && !headerValue(meta.headers['content-encoding'])) {
    stream.destroy();
    throw tooLarge(meta, limit);
  }
}

function tooLarge(meta: ResponseMeta, limit: number): RuntimeError {
  return new RuntimeError('HTTP_RESPONSE_TOO_LARGE', `${meta.what} answered a body larger than the limit of ${limit} bytes`, {
    actor: 'operational', origin: meta.origin, status: meta.status,
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
