// What one execution carries while it walks a flow's steps: the services it may use, the card it runs for,
// and the hooks that record or explain what happened. Built once per execution; steps never copy it.
import type { Connector, Origin, ProjectModel, StepKind } from '../model/model.js';
import type { Connection } from '../model/connection.js';
import type { FileStore } from '../model/file-handle.js';
import type { PreparedRequest, HttpResponse } from '../http/prepared-request.js';
import { RuntimeError } from '../errors/runtime-error.js';

/** One line of `runtime run --explain`: a rendered template or an expression's result, secrets masked. */
export interface ExplainEntry {
  readonly origin: Origin;
  readonly step: string;
  readonly what: string;
  readonly value: unknown;
}

export interface StepRecord {
  readonly stepId?: string;
  readonly kind: StepKind;
  readonly origin: Origin;
  readonly status: 'succeeded' | 'failed';
  readonly startedAt: number;
  readonly endedAt: number;
  readonly output?: unknown;
  readonly error?: { code: string; message: string };
}

/** Receives step results when execution records are on. */
export interface StepRecorder {
  step(record: StepRecord): void;
  /**
   * Secret values the run came to hold after it started (OAuth tokens renewed during it), told before the step
   * that used them is recorded, so the record and the terminal mask them too.
   */
  secrets?(values: readonly string[]): void;
}

/** Sends one prepared request for a card: auth, guards, retries and pagination live behind it. */
export interface RequestSender {
  /**
   * `signal` stops the request (and its retry waits) when the execution is stopped. `noteSecrets` hears the
   * connection's current tokens after the request, which may have been renewed for it.
   */
  send(request: PreparedRequest, card: CardContext, signal?: AbortSignal, noteSecrets?: (values: readonly string[]) => void): Promise<HttpResponse>;
}

/** Finds a stored connection for `action` steps of user flows. */
export interface ConnectionLookup {
  get(connector: string, name: string): Connection | undefined;
}

export interface EngineLimits {
  /** Nested call/action depth: stops runaway recursion between helpers. */
  readonly maxCallDepth: number;
  /** Items one forEach may iterate. */
  readonly maxForEachItems: number;
  /** Upper bound for a forEach's declared concurrency. */
  readonly maxConcurrency: number;
}

export const DEFAULT_ENGINE_LIMITS: EngineLimits = Object.freeze({
  maxCallDepth: 16,
  maxForEachItems: 100_000,
  maxConcurrency: 64,
});

/** Per-connection cache of dynamic field definitions (the store implements it). */
export interface DynamicFieldsCache {
  /** `options` is the card's chosen options; the cache keys on a canonical hash of them. */
  get(connectionId: string, card: string, options: unknown): unknown | undefined;
  put(connectionId: string, card: string, options: unknown, value: unknown, ttlMs: number): unknown;
}

export interface EngineServices {
  readonly model: ProjectModel;
  readonly requests: RequestSender;
  readonly connections: ConnectionLookup;
  readonly files?: FileStore;
  readonly dynamicFieldsCache?: DynamicFieldsCache;
  readonly limits: EngineLimits;
  /** Loads a code step's module (trusted project code); cached by the caller. */
  readonly importModule: (absolutePath: string) => Promise<Record<string, unknown>>;
}

/** The card (or helper) being run: which connector, with which connection. */
export interface CardContext {
  /** Absent only at the top of a user flow, whose `action` steps each pick their own connector. */
  readonly connector?: Connector;
  readonly connection?: Connection;
  /** `github.create_issue`, for messages and records. */
  readonly label: string;
  /** Whether POST/PATCH requests of this card may be retried. */
  readonly idempotent: boolean;
}

export interface RunContext {
  readonly services: EngineServices;
  readonly card: CardContext;
  readonly depth: number;
  readonly recorder?: StepRecorder;
  readonly explain?: (entry: ExplainEntry) => void;
  readonly signal?: AbortSignal;
}

/** The connector of the running card; user-flow level steps that need one cannot exist (the schema forbids them). */
export function currentConnector(ctx: RunContext): Connector {
  const connector = ctx.card.connector;
  if (!connector) throw new RuntimeError('RUN_INTERNAL', 'a connector step ran outside a connector flow', { actor: 'bug' });
  return connector;
}
