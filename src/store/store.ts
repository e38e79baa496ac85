// The store as the rest of the runtime sees it. One interface for everything persisted, so another backend
// (e.g. Postgres) can implement it later; the embedded SQLite one is opened by `openStore` (open-store.ts).
import type { Connection, OAuthTokens } from '../model/connection.js';
import type { FileHandle, FileStore } from '../model/file-handle.js';
import type { Actor } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';
import type { EventQueue, PollingStore, RegistrationStore } from './event-store.js';

export interface Store {
  readonly connections: ConnectionRepository;
  readonly files: ManagedFileStore;
  readonly executions: ExecutionLog;
  readonly dynamicFieldsCache: DynamicFieldsCache;
  /** Events fired by triggers: the durable work queue of user-flow executions (event-store.ts). */
  readonly events: EventQueue;
  readonly registrations: RegistrationStore;
  readonly polling: PollingStore;
  /** Runs `fn` in one database transaction (nested calls become savepoints). `fn` must be synchronous. */
  transaction<T>(fn: () => T): T;
  /**
   * For group commit (ingress-committer.ts): like `transaction`, but the commit returns before it is on disk.
   * Acknowledge nothing written this way before `flushToDisk()` resolves.
   */
  transactionWithDeferredSync<T>(fn: () => T): T;
  /** Resolves when every commit made before the call is on disk; the fsync runs off the event loop. */
  flushToDisk(): Promise<void>;
  /**
   * Key rotation: in one transaction, re-encrypts with the primary key every stored secret encrypted with a
   * previous key (connection secrets and tokens, webhook registrations). Throws, writing nothing, when a value
   * cannot be decrypted with the keys the store was opened with.
   */
  rewriteSecrets(): RewrittenSecrets;
  /**
   * Rebuilds the database without free pages and empties the WAL, so no overwritten or deleted value (e.g. one
   * under a retired key) stays in the files. Writes the whole database once: slow on large ones. Not in a transaction.
   */
  vacuum(): void;
  /** Writes pending execution records and closes the database. Idempotent. */
  close(): void;
}

/** Rows whose encrypted values a `rewriteSecrets` re-encrypted. */
export interface RewrittenSecrets {
  readonly connections: number;
  readonly registrations: number;
}

// ---- connections ----

/** What `connections list` shows: no secret is decrypted to build it. */
export interface ConnectionSummary {
  readonly id: string;
  readonly connector: string;
  readonly name: string;
  /** Non-secret fields as stored, secret fields that have a value as `••••••`. */
  readonly maskedFields: Readonly<Record<string, unknown>>;
  readonly secretFields: readonly string[];
  readonly hasTokens: boolean;
  readonly tokenExpiresAt?: number;
  readonly tokenVersion: number;
  readonly label?: string;
  readonly status: Connection['status'];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ConnectionRepository {
  /** Throws `STORE_CONNECTION_EXISTS` when the connector already has a connection of that name. */
  create(connector: string, name: string, fields: Readonly<Record<string, unknown>>, secretFieldNames: readonly string[]): Connection;
  list(connector?: string): ConnectionSummary[];
  /** Decrypts secrets and tokens: throws `STORE_SECRET_KEY` when they were encrypted with another key. */
  get(connector: string, name: string): Connection | undefined;
  getById(id: string): Connection | undefined;
  /** Same as getById: lets the repository serve as the auth layer's TokenStore. */
  load(id: string): Connection | undefined;
  /** `label` is kept when not given. Returns false when no such connection. */
  updateStatus(id: string, status: Connection['status'], label?: string): boolean;
  /** Returns false when no such connection. Cached dynamic fields of the connection go with it. */
  delete(id: string): boolean;
  /**
   * Compare-and-set: stores `tokens` (or erases them when undefined) and bumps the token version only if the
   * stored version is still `expectedVersion`. Returns false when another writer got there first.
   */
  saveTokens(id: string, tokens: OAuthTokens | undefined, expectedVersion: number): boolean;
  /** The renewal lease of the connection's tokens (see TokenStore.claimRenewal). */
  claimRenewal(id: string, owner: string, ttlMs: number): boolean;
  releaseRenewal(id: string, owner: string): void;
  /** Re-encrypts with the primary key the secrets and tokens encrypted with a previous key; returns the rows changed. */
  rewriteSecrets(): number;
}

// ---- files ----

export interface ManagedFileStore extends FileStore {
  /** Removes the bytes and the metadata; false when no such file. */
  remove(handle: Pick<FileHandle, 'id'>): boolean;
  /** Removes files stored before `before` that no event or execution record names any more; returns how many. */
  pruneUnreferenced(before: number): number;
}

// ---- execution records ----

export type ExecutionStatus = 'running' | 'succeeded' | 'failed';
export type StepStatus = 'succeeded' | 'failed' | 'skipped';

/** How a failure is recorded: a RuntimeError's fields, redacted. */
export interface ExecutionError {
  readonly code: string;
  readonly message: string;
  readonly actor?: Actor;
  readonly origin?: Origin;
  readonly status?: number;
  readonly body?: unknown;
  readonly trail?: readonly string[];
}

export interface StartExecution {
  /** e.g. 'action', 'flow', 'helper', 'poll', 'webhook', 'authping'. */
  readonly kind: string;
  /** 'github.create_issue' or a flow name. */
  readonly target: string;
  /** The connection's name (or id) when one is used. */
  readonly connection?: string;
  readonly input?: unknown;
  /** Secret values (connection secrets, tokens) to remove from everything recorded for this execution. */
  readonly secrets?: readonly string[];
}

export interface StepRecord {
  readonly stepId?: string;
  readonly kind: string;
  readonly origin?: Origin;
  readonly status: StepStatus;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly input?: unknown;
  readonly output?: unknown;
  /** A RuntimeError, Error, or {code, message, ...}. */
  readonly error?: unknown;
}

export interface ExecutionSummary {
  readonly id: string;
  readonly kind: string;
  readonly target: string;
  readonly connection?: string;
  readonly status: ExecutionStatus;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly stepCount: number;
  /** Steps counted but not recorded, beyond the per-execution limit. */
  readonly stepsOmitted: number;
  readonly error?: ExecutionError;
}

export interface StoredStep {
  readonly seq: number;
  readonly stepId?: string;
  readonly kind: string;
  /** 'file:line:column' */
  readonly origin?: string;
  readonly status: StepStatus;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: ExecutionError;
}

export interface ExecutionDetail extends ExecutionSummary {
  readonly input?: unknown;
  readonly output?: unknown;
  readonly steps: readonly StoredStep[];
}

export interface ExecutionQuery {
  /** Default 50, at most 1000. Newest first. */
  readonly limit?: number;
  readonly status?: ExecutionStatus;
  readonly target?: string;
}

export interface ExecutionLog {
  /** Returns the new execution's id. Recording is batched: rows reach the database within one event-loop turn. */
  start(execution: StartExecution): string;
  start(kind: string, target: string, connection: string | undefined, input: unknown, secrets?: readonly string[]): string;
  /** More values to redact from here on (e.g. a refreshed access token). */
  addSecrets(executionId: string, secrets: readonly string[]): void;
  step(executionId: string, step: StepRecord): void;
  /** `result` is the output when succeeded, the error (RuntimeError, Error or ExecutionError) when failed. */
  finish(executionId: string, status: 'succeeded' | 'failed', result?: unknown): void;
  list(query?: ExecutionQuery): ExecutionSummary[];
  show(executionId: string): ExecutionDetail | undefined;
  /** Writes batched records now (reads do this themselves). */
  flush(): void;
  /**
   * Executions of `kind` still `running` that started before `before`: the process running them stopped without
   * finishing them (killed, crashed). Records them as failed with `error`; returns how many.
   */
  closeAbandoned(kind: string, before: number, error: ExecutionError): number;
  /** Retention: deletes finished executions (and their steps) started before `before`. Returns how many. */
  prune(before: number): number;
}

// ---- dynamic fields cache ----

export interface DynamicFieldsCache {
  /** The cached value, or undefined when absent or expired. `options` is hashed (key order does not matter). */
  get(connectionId: string, card: string, options: unknown): unknown;
  /** Returns false (and caches nothing) when the value is larger than the limit. */
  put(connectionId: string, card: string, options: unknown, value: unknown, ttlMs: number): boolean;
  /** Drops every cached entry of a connection (e.g. after reconnecting). */
  invalidate(connectionId: string): void;
}
