// Opens the embedded store: `<dataDir>/runtime.db` (SQLite, WAL, synchronous FULL), `<dataDir>/files/`, and the
// secret key (see secret-key.ts). Creates what is missing and applies pending migrations.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RuntimeError } from '../errors/runtime-error.js';
import { SqliteConnectionRepository } from './connections.js';
import { SqliteDynamicFieldsCache } from './dynamic-fields-cache.js';
import { SqliteEventQueue } from './events.js';
import { SqliteExecutionLog, type ExecutionLogLimits } from './executions.js';
import { DEFAULT_MAX_FILE_BYTES, DiskFileStore } from './file-store.js';
import { applyMigrations } from './migrations.js';
import { SqlitePollingStore } from './polling.js';
import { SqliteRegistrationStore } from './registrations.js';
import { SecretBox } from './secret-box.js';
import { WalSync } from './wal-sync.js';
import { loadSecretKey, type SecretKeySource } from './secret-key.js';
import type { RewrittenSecrets, Store } from './store.js';
import { WriteBatcher } from './write-batcher.js';

export const DATABASE_FILE = 'runtime.db';
export const FILES_DIR = 'files';
const BUSY_TIMEOUT_MS = 5000;

export interface OpenStoreOptions extends SecretKeySource {
  /** Clock for timestamps and cache expiry (tests pass a fake one). */
  readonly now?: () => number;
  /** Upper bound for any stored file; `FileStore.put` may ask for less. Default 100 MiB. */
  readonly maxFileBytes?: number;
  readonly executionLimits?: ExecutionLogLimits;
  /** Failures of background writes (batched execution records). Default: a process warning. */
  readonly onBackgroundError?: (error: unknown) => void;
}

export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  const dir = path.resolve(dataDir);
  const now = options.now ?? Date.now;
  let db: Database.Database;
  const dbPath = path.join(dir, DATABASE_FILE);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Create the file owner-only first: SQLite gives the -wal and -shm files the database file's mode.
    fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
    db = new Database(dbPath, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new RuntimeError('STORE_OPEN', `cannot open the data directory ${dir}: ${(e as Error).message}`, { actor: 'operational', cause: e });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(db);
    const key = loadSecretKey(dir, options);
    return new SqliteStore(db, dir, new SecretBox(key.key, key.previous), now, options, new WalSync(dbPath));
  } catch (e) {
    db.close();
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError('STORE_OPEN', `cannot open the database in ${dir}: ${(e as Error).message}`, { actor: 'operational', cause: e });
  }
}

class SqliteStore implements Store {
  readonly connections: SqliteConnectionRepository;
  readonly files: DiskFileStore;
  readonly executions: SqliteExecutionLog;
  readonly dynamicFieldsCache: SqliteDynamicFieldsCache;
  readonly events: SqliteEventQueue;
  readonly registrations: SqliteRegistrationStore;
  readonly polling: SqlitePollingStore;
  private readonly batcher: WriteBatcher;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    dir: string,
    box: SecretBox,
    now: () => number,
    options: OpenStoreOptions,
    private readonly walSync: WalSync,
  ) {
    const onError = options.onBackgroundError ?? ((e: unknown) => {
      process.emitWarning(`execution records could not be written: ${(e as Error)?.message ?? String(e)}`, { code: 'STORE_WRITE_FAILED' });
    });
    this.batcher = new WriteBatcher(db, onError);
    this.connections = new SqliteConnectionRepository(db, box, now);
    this.files = new DiskFileStore(db, path.join(dir, FILES_DIR), now, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    this.executions = new SqliteExecutionLog(db, this.batcher, now, options.executionLimits);
    this.dynamicFieldsCache = new SqliteDynamicFieldsCache(db, now);
    this.events = new SqliteEventQueue(db, now);
    this.registrations = new SqliteRegistrationStore(db, box, now);
    this.polling = new SqlitePollingStore(db, this.events, now);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  transactionWithDeferredSync<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    this.walSync.markUnsynced();
    try {
      return this.db.transaction(fn)();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  flushToDisk(): Promise<void> {
    return this.walSync.flush();
  }

  rewriteSecrets(): RewrittenSecrets {
    return this.transaction(() => ({
      connections: this.connections.rewriteSecrets(),
      registrations: this.registrations.rewriteSecrets(),
    }));
  }

  vacuum(): void {
    this.batcher.flush();
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.batcher.flush();
    } finally {
      this.walSync.close();
      this.db.close();
    }
  }
}
