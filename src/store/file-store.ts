// File bytes on disk under `<dataDir>/files/<id>`, metadata in the `files` table. Bytes are streamed to a
// temporary file (hashed and counted on the way), flushed, then renamed into place, so a reader never sees a
// partial file. Handles arriving from flows are untrusted: only the id is used, checked, and looked up.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { FileHandle } from '../model/file-handle.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { ManagedFileStore } from './store.js';

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
const ID_PATTERN = /^[0-9a-f]{32}$/;
const TEMP_PREFIX = 'tmp-';
const MAX_NAME_CHARS = 1024;
const MAX_CONTENT_TYPE_CHARS = 255;
const LEFTOVER_AGE_MS = 24 * 60 * 60 * 1000;

interface FileRow {
  id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
}

class TooLarge extends Error {}

/**
 * Where a file handle can be kept: event payloads (manual runs, replays) and execution records (inputs, step
 * outputs). Text columns only; a handle is found by its id, whatever the JSON around it looks like.
 */
const REFERENCING_COLUMNS: readonly (readonly [table: string, columns: readonly string[]])[] = [
  ['events', ['payload_json', 'last_error_json']],
  ['executions', ['input_json', 'output_json', 'error_json']],
  ['execution_steps', ['input_json', 'output_json', 'error_json']],
];
const ID_IN_TEXT = /[0-9a-f]{32}/g;

export class DiskFileStore implements ManagedFileStore {
  private readonly insert: Database.Statement;
  private readonly selectById: Database.Statement<[string], FileRow>;
  private readonly deleteById: Database.Statement;
  private readonly selectOlder: Database.Statement<[number], string>;
  private readonly referencingScans: readonly Database.Statement<[], string | null>[];

  constructor(
    db: Database.Database,
    private readonly dir: string,
    private readonly now: () => number,
    private readonly defaultMaxBytes: number = DEFAULT_MAX_FILE_BYTES,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    removeLeftoverTempFiles(dir);
    this.insert = db.prepare(
      'INSERT INTO files (id, name, content_type, size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectById = db.prepare('SELECT id, name, content_type, size, sha256 FROM files WHERE id = ?');
    this.deleteById = db.prepare('DELETE FROM files WHERE id = ?');
    this.selectOlder = db.prepare<[number], string>('SELECT id FROM files WHERE created_at < ?').pluck();
    this.referencingScans = REFERENCING_COLUMNS.flatMap(([table, columns]) =>
      columns.map((column) => db.prepare<[], string | null>(`SELECT ${column} FROM ${table} WHERE ${column} IS NOT NULL`).pluck()));
  }

  async put(data: Readable | Buffer, meta: { name: string; contentType: string }, maxBytes?: number): Promise<FileHandle> {
    const limit = Math.min(maxBytes ?? this.defaultMaxBytes, this.defaultMaxBytes);
    const id = randomBytes(16).toString('hex');
    const tempPath = path.join(this.dir, `${TEMP_PREFIX}${id}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer | string, _encoding, callback) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > limit) {
          callback(new TooLarge());
          return;
        }
        hash.update(bytes);
        callback(null, bytes);
      },
    });
    const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
    try {
      if (Buffer.isBuffer(data) && data.length > limit) throw new TooLarge();
      await pipeline(source, measure, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true }));
    } catch (e) {
      await fs.promises.rm(tempPath, { force: true });
      if (!Buffer.isBuffer(data) && !data.destroyed) data.destroy();
      if (e instanceof TooLarge) {
        throw new RuntimeError('FILE_TOO_LARGE', `file '${clip(meta.name, 200)}' is larger than the limit of ${limit} bytes`, { actor: 'operational' });
      }
      throw e;
    }
    const handle: FileHandle = Object.freeze({
      kind: 'file',
      id,
      name: clip(String(meta.name ?? ''), MAX_NAME_CHARS),
      contentType: clip(String(meta.contentType || 'application/octet-stream'), MAX_CONTENT_TYPE_CHARS),
      size,
      sha256: hash.digest('hex'),
    });
    try {
      await fs.promises.rename(tempPath, this.pathOf(id));
      this.insert.run(id, handle.name, handle.contentType, handle.size, handle.sha256, this.now());
    } catch (e) {
      await fs.promises.rm(tempPath, { force: true });
      await fs.promises.rm(this.pathOf(id), { force: true });
      throw e;
    }
    return handle;
  }

  open(handle: Pick<FileHandle, 'id'>): Readable {
    return fs.createReadStream(this.pathOf(this.lookup(handle).id));
  }

  async read(handle: Pick<FileHandle, 'id'>): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(this.lookup(handle).id));
  }

  remove(handle: Pick<FileHandle, 'id'>): boolean {
    if (typeof handle?.id !== 'string' || !ID_PATTERN.test(handle.id)) return false;
    const removed = this.deleteById.run(handle.id).changes === 1;
    fs.rmSync(this.pathOf(handle.id), { force: true });
    return removed;
  }

  pruneUnreferenced(before: number): number {
    const candidates = new Set(this.selectOlder.all(before));
    if (candidates.size === 0) return 0;
    // One pass over the records, only when old files exist: retention runs hourly, not per request.
    for (const scan of this.referencingScans) {
      for (const text of scan.iterate()) {
        if (typeof text !== 'string') continue;
        for (const match of text.matchAll(ID_IN_TEXT)) candidates.delete(match[0]);
        if (candidates.size === 0) return 0;
      }
    }
    let removed = 0;
    for (const id of candidates) if (this.remove({ id })) removed += 1;
    return removed;
  }

  /** Metadata as stored (the handle a flow passes may have been altered). */
  stat(handle: Pick<FileHandle, 'id'>): FileHandle {
    return this.lookup(handle);
  }

  private lookup(handle: Pick<FileHandle, 'id'>): FileHandle {
    const id = handle?.id;
    const row = typeof id === 'string' && ID_PATTERN.test(id) ? this.selectById.get(id) : undefined;
    if (!row) throw new RuntimeError('FILE_NOT_FOUND', 'the file handle names no stored file', { actor: 'author' });
    return Object.freeze({ kind: 'file', id: row.id, name: row.name, contentType: row.content_type, size: row.size, sha256: row.sha256 });
  }

  private pathOf(id: string): string {
    return path.join(this.dir, id);
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

/**
 * Temporary files are left behind only by a crash in the middle of a write. Only old ones are removed: another
 * process (a CLI command next to `runtime start`) may be writing one right now.
 */
function removeLeftoverTempFiles(dir: string): void {
  const cutoff = Date.now() - LEFTOVER_AGE_MS;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      // Gone already: its writer finished or removed it.
    }
  }
}
