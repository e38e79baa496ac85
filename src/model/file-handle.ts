// File values: flows pass handles, never bytes. The bytes live in a FileStore (see src/store/).
import type { Readable } from 'node:stream';

export interface FileHandle {
  readonly kind: 'file';
  /** Opaque id inside the file store. */
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export interface FileStore {
  /** Stores bytes from a stream, refusing more than `maxBytes` (the partial file is removed). */
  put(data: Readable | Buffer, meta: { name: string; contentType: string }, maxBytes?: number): Promise<FileHandle>;
  open(handle: FileHandle): Readable;
  read(handle: FileHandle): Promise<Buffer>;
}

export function isFileHandle(value: unknown): value is FileHandle {
  return typeof value === 'object' && value !== null && (value as FileHandle).kind === 'file'
    && typeof (value as FileHandle).id === 'string' && typeof (value as FileHandle).size === 'number';
}
