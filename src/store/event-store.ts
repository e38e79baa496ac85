// The durable side of `runtime start`: the event queue (what triggers fire; the work queue of user-flow
// executions), webhook registrations, and polling state. The HTTP ingress, the polling scheduler, the
// registration reconciler and the execution worker are built on these interfaces; the SQLite implementations
// are events.ts, registrations.ts and polling.ts, reached as `store.events`, `store.registrations`, `store.polling`.
//
// All methods are synchronous (better-sqlite3) and join the caller's `store.transaction` when called inside one.
// Names and values are bounded: a malformed or oversized value throws RuntimeError `STORE_INVALID_VALUE` before
// anything is written. Times are epoch milliseconds from the store's clock unless a method takes `now`.

// ---- events ----

export type EventSource = 'webhook' | 'polling' | 'schedule' | 'manual' | 'replay';
export type EventStatus = 'pending' | 'running' | 'succeeded' | 'failed';

export const EVENT_SOURCES: readonly EventSource[] = ['webhook', 'polling', 'schedule', 'manual', 'replay'];
export const EVENT_STATUSES: readonly EventStatus[] = ['pending', 'running', 'succeeded', 'failed'];

/** Largest JSON text of one event payload (or polled record) the store accepts. */
export const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;
/** Dedupe keys (and polled record keys) longer than this are stored as their SHA-256, so they stay bounded. */
export const MAX_PLAIN_DEDUPE_KEY_CHARS = 200;

export interface EventError {
  readonly code: string;
  readonly message: string;
}

export interface NewEvent {
  /** The user flow the event triggers. */
  readonly flow: string;
  readonly source: EventSource;
  /** Events of one flow with the same key are stored once (later ones are counted as duplicates). */
  readonly dedupeKey?: string;
  /** Any JSON value (the webhook's {headers, query, body}, a polled record, ...). */
  readonly payload: unknown;
}

export interface StoredEvent {
  /** 26-character ULID: sorts by arrival. */
  readonly id: string;
  readonly flow: string;
  readonly source: EventSource;
  readonly dedupeKey?: string;
  readonly payload: unknown;
  readonly receivedAt: number;
  readonly status: EventStatus;
  /** Claims so far (an attempt interrupted by a crash counts). */
  readonly attempts: number;
  /** When a pending event becomes due (receivedAt for new events, the retry time after a failure). */
  readonly nextAttemptAt: number;
  readonly lastError?: EventError;
  /** The execution record of the last attempt. */
  readonly executionId?: string;
  /** For replayed events: the id of the event whose payload was copied. */
  readonly replayOf?: string;
  readonly updatedAt: number;
}

export interface AppendResult {
  /** Ids of the events written, in input order (duplicates left out). */
  readonly inserted: string[];
  readonly duplicates: number;
}

export interface ReplaySelection {
  /** Exactly these events (unknown ids are ignored). */
  readonly ids?: readonly string[];
  /** Events of this flow; required when `ids` is not given. */
  readonly flow?: string;
  /** receivedAt >= since */
  readonly since?: number;
  /** receivedAt < until */
  readonly until?: number;
  /** At most this many (the oldest first). */
  readonly limit?: number;
}

export interface EventListFilter {
  readonly flow?: string;
  readonly status?: EventStatus;
  /** Default 50, at most 1000. Newest first. */
  readonly limit?: number;
}

export interface EventQueue {
  /** Inserts in one transaction (the caller's, when inside one); events with a flow+dedupeKey already stored are skipped. */
  append(events: readonly NewEvent[]): AppendResult;
  /** Claims up to `limit` due pending events of `flow` (status -> running, attempts + 1), the longest-due first. */
  claim(flow: string, limit: number, now?: number): StoredEvent[];
  /** running -> succeeded. False when the event is not running (unknown, or already finished). */
  succeed(id: string, executionId?: string): boolean;
  /** running -> pending due at `retryAt`, or -> failed for good when `retryAt` is undefined. False when not running. */
  fail(id: string, error: EventError, retryAt: number | undefined, executionId?: string): boolean;
  /** After a crash or restart: every `running` event back to `pending`, due now (at-least-once). Returns how many. */
  requeueRunning(): number;
  /** `runtime events replay`: copies the payloads of the selected events, oldest first, as new events of `intoFlow`. */
  replay(select: ReplaySelection, intoFlow: string): string[];
  /** `runtime executions retry`: a failed event back to pending, due now, attempts reset to 0. False when not failed. */
  retry(id: string): boolean;
  get(id: string): StoredEvent | undefined;
  list(filter?: EventListFilter): StoredEvent[];
  /** For /metrics and status. */
  counts(): Record<EventStatus, number>;
  /** Retention: deletes succeeded and failed events last updated before `before`. Their dedupe keys go with them. */
  prune(before: number): number;
}

// ---- webhook registrations ----

export type RegistrationStatus = 'pending' | 'active' | 'failed' | 'deregistering';

export interface DesiredRegistration {
  readonly flow: string;
  readonly connector: string;
  readonly card: string;
  readonly connection: string;
  /** A hash of the flow's options for the event card: a change means a new remote registration. */
  readonly optionsHash: string;
  /** The options themselves, kept (encrypted) so that deregister sees what register saw, even after an edit. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Registration extends DesiredRegistration {
  /** 43 base64url characters (32 random bytes): the unguessable part of the callback URL. */
  readonly callbackToken: string;
  readonly status: RegistrationStatus;
  /** What the register flow returned (e.g. the remote hook id and signing secret). Encrypted at rest. */
  readonly output?: unknown;
  /** Generated by the runtime, offered to the register flow as `webhook.secret`. Encrypted at rest. */
  readonly secret: string;
  /** Failed attempts since the last success or change. */
  readonly attempts: number;
  readonly nextAttemptAt?: number;
  readonly lastError?: EventError;
  readonly registeredAt?: number;
  /** When the remote subscription lapses (the event's declared lifetime): renew before. */
  readonly expiresAt?: number;
  /** The callback URL the register flow was given (absent for registrations stored before it was recorded). */
  readonly callbackUrl?: string;
  /**
   * A register attempt for this token started then and recorded no output since: the service may hold a hook the
   * runtime never heard of (a crash, a timeout after the service acted). Cleared by markActive.
   */
  readonly registerStartedAt?: number;
  readonly updatedAt: number;
}

export interface RegistrationStore {
  get(flow: string): Registration | undefined;
  /** The ingress hot path (one indexed lookup). Still answers while deregistering: the caller decides by `status`. */
  byToken(callbackToken: string): Registration | undefined;
  list(): Registration[];
  /**
   * Returns the existing row when connector, card, connection and optionsHash are unchanged. Otherwise creates or
   * replaces it: status pending, new token and secret, no output. Replacing forgets the old output (the remote
   * hook id): deregister the old hook first, from `get(flow)`.
   */
  upsertDesired(desired: DesiredRegistration): Registration;
  /** Registered: stores the output (encrypted) and the callback URL, clears the error and attempts. False when no such flow. */
  markActive(flow: string, output: unknown, expiresAt?: number, callbackUrl?: string): boolean;
  /** Called before the register flow runs: sets registerStartedAt (kept until markActive). False when no such flow. */
  markRegistering(flow: string): boolean;
  /** Attempts + 1, the error, and when to try again. False when no such flow. */
  markFailed(flow: string, error: EventError, nextAttemptAt: number): boolean;
  /** The token keeps resolving (late deliveries) until `remove`. False when no such flow. */
  markDeregistering(flow: string): boolean;
  remove(flow: string): boolean;
}

// ---- polling ----

export interface PolledRecord {
  /** The record's dedupe key; records without one are always emitted. */
  readonly key?: string;
  readonly payload: unknown;
}

export interface PollResult {
  /** The monitor's key: the flow name. */
  readonly monitor: string;
  /** The flow the emitted events trigger. */
  readonly flow: string;
  readonly records: readonly PolledRecord[];
  /** The cursor the next run starts from (any JSON value). */
  readonly cursor: unknown;
  /** How many of the newest keys are remembered per monitor. */
  readonly dedupeWindow: number;
  /** False on the seeding first run: keys and cursor are remembered, no event is emitted. */
  readonly emit: boolean;
}

export interface MonitorState {
  readonly monitor: string;
  readonly cursor: unknown;
  /** True once a poll result was committed. */
  readonly seeded: boolean;
  readonly lastRunAt?: number;
  readonly lastError?: EventError;
  /** Keys currently remembered. */
  readonly seenKeys: number;
}

export interface PollingStore {
  /** Undefined: the monitor never ran. `seeded` false: it only ever failed, so the next run still seeds. */
  getCursor(monitor: string): { cursor: unknown; seeded: boolean } | undefined;
  /**
   * ONE transaction: drops records whose key was seen (within the window, or earlier in this batch), appends the
   * rest as `polling` events of `flow`, remembers their keys as the newest, trims the window, stores the cursor.
   * A crash before the commit loses nothing and repeats nothing.
   */
  commitPollResult(input: PollResult): { emitted: string[]; duplicates: number };
  /** Keeps the old cursor (and the seeded flag). */
  recordFailure(monitor: string, error: EventError): void;
  list(): MonitorState[];
  /** Forgets cursor and keys (the flow was removed). */
  remove(monitor: string): boolean;
}

// ---- group commit for webhook ingress ----

export interface IngressCommitter {
  /**
   * Appends `events` in a transaction shared with every commit made in the same event-loop turn; resolves after
   * that transaction is on disk. Rejects with `STORE_UNAVAILABLE` (all callers of the batch) when it failed, with
   * `STORE_INVALID_VALUE` (this caller only) when the events are malformed or too large.
   */
  commit(events: readonly NewEvent[]): Promise<AppendResult>;
  /** Resolves when what was queued is on disk; later commits reject with `STORE_UNAVAILABLE`. Does not close the store. */
  close(): Promise<void>;
}
