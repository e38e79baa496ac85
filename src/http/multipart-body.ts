// multipart/form-data as a stream: file parts are streamed from the FileStore, never held in memory. The length is
// known up front (file handles carry their size), so the request gets a Content-Length.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileHandle, FileStore } from '../model/file-handle.js';
import type { PreparedPart } from './prepared-request.js';

export interface MultipartBody {
  readonly stream: Readable;
  readonly contentType: string;
  readonly contentLength: number;
}

export function encodeMultipart(parts: readonly PreparedPart[], fileStore: FileStore): MultipartBody {
  const boundary = `----connector-runtime-${randomBytes(16).toString('hex')}`;
  const pieces: (Buffer | FileHandle)[] = [];
  let length = 0;
  const add = (bytes: Buffer): void => {
    pieces.push(bytes);
    length += bytes.length;
  };
  for (const part of parts) {
    if ('file' in part) {
      const filename = part.filename ?? part.file.name;
      const type = oneLine(part.contentType ?? part.file.contentType) || 'application/octet-stream';
      add(Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(part.name)}"; filename="${escapeQuoted(filename)}"\r\n` +
          `Content-Type: ${type}\r\n\r\n`,
      ));
      pieces.push(part.file);
      length += part.file.size;
      add(Buffer.from('\r\n'));
    } else {
      add(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(part.name)}"\r\n\r\n`));
      add(Buffer.from(part.value, 'utf8'));
      add(Buffer.from('\r\n'));
    }
  }
  add(Buffer.from(`--${boundary}--\r\n`));

  async function* chunks(): AsyncGenerator<Buffer> {
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) yield piece;
      else yield* fileStore.open(piece) as AsyncIterable<Buffer>;
    }
  }
  return {
    stream: Readable.from(chunks(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: length,
  };
}

// As browsers do (WHATWG multipart/form-data encoding): quotes and line breaks percent-encoded.
function escapeQuoted(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, '').trim();
}
