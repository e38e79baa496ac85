// Turns a prepared body into bytes or a stream plus the headers it implies. Called for every attempt, because a
// stream (a file body) can be read only once.
import type { Readable } from 'node:stream';
import { RuntimeError } from '../errors/runtime-error.js';
import type { FileStore } from '../model/file-handle.js';
import type { Origin } from '../model/model.js';
import type { PreparedBody, PreparedRequest } from './prepared-request.js';
import { encodeMultipart } from './multipart-body.js';

export interface EncodedBody {
  readonly body?: string | Buffer | Readable;
  /** Added only when the request does not set them itself. */
  readonly headers: Readonly<Record<string, string>>;
  /** Replace the request's own (a multipart boundary or a file's length must match the bytes sent). */
  readonly fixedHeaders?: Readonly<Record<string, string>>;
}

export function encodeRequestBody(request: PreparedRequest, fileStore: FileStore | undefined, origin?: Origin): EncodedBody {
  const { body } = request;
  if (!body) return { headers: {} };
  if (request.method === 'GET' || request.method === 'HEAD') {
    throw new RuntimeError('HTTP_BODY_INVALID', `a ${request.method} request cannot have a body`, { actor: 'author', origin });
  }
  return ENCODERS[body.type](body as never, { fileStore, origin });
}

type Encoder<T extends PreparedBody['type']> = (
  body: Extract<PreparedBody, { type: T }>,
  env: { fileStore?: FileStore; origin?: Origin },
) => EncodedBody;

const ENCODERS: { readonly [T in PreparedBody['type']]: Encoder<T> } = {
  json(body, { origin }) {
    let text: string;
    try {
      text = JSON.stringify(body.value ?? null);
    } catch (error) {
      throw new RuntimeError('HTTP_BODY_INVALID', `the JSON body cannot be serialized (${(error as Error).message.slice(0, 100)})`, {
        actor: 'author', origin,
      });
    }
    return { body: text, headers: { 'content-type': 'application/json' } };
  },
  form(body) {
    return { body: new URLSearchParams(body.fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  },
  raw(body) {
    return { body: body.text, headers: { 'content-type': body.contentType } };
  },
  file(body, { fileStore, origin }) {
    const store = requireFileStore(fileStore, origin);
    return {
      body: store.open(body.file),
      headers: { 'content-type': body.file.contentType || 'application/octet-stream' },
      fixedHeaders: { 'content-length': String(body.file.size) },
    };
  },
  multipart(body, { fileStore, origin }) {
    const hasFiles = body.parts.some((part) => 'file' in part);
    const encoded = encodeMultipart(body.parts, hasFiles ? requireFileStore(fileStore, origin) : NO_FILES);
    return {
      body: encoded.stream,
      headers: {},
      fixedHeaders: { 'content-type': encoded.contentType, 'content-length': String(encoded.contentLength) },
    };
  },
};

function requireFileStore(fileStore: FileStore | undefined, origin?: Origin): FileStore {
  if (fileStore) return fileStore;
  throw new RuntimeError('HTTP_NO_FILE_STORE', 'a file body needs a file store, and none is configured', { actor: 'bug', origin });
}

const NO_FILES: FileStore = {
  put: () => Promise.reject(new Error('no file store')),
  open: () => {
    throw new Error('no file store');
  },
  read: () => Promise.reject(new Error('no file store')),
};
