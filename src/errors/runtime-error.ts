// Errors raised while running flows. Each says who must act, where in the definitions it happened, and what
// happened before. Messages never contain payloads or secrets: bodies travel in `body`, redacted where stored.
import type { Origin } from '../model/model.js';

/** Who can fix it: the definition's author, the operator/remote service, the person running it, or us. */
export type Actor = 'author' | 'operational' | 'user' | 'bug';

export interface RuntimeErrorOptions {
  actor?: Actor;
  origin?: Origin;
  status?: number;
  /** Parsed response body (or the raise step's data), available to `catch` steps as error.body. */
  body?: unknown;
  cause?: unknown;
  trail?: readonly string[];
  /** For retry decisions: a temporary condition (network, 429, 5xx). */
  retryable?: boolean;
}

export class RuntimeError extends Error {
  readonly code: string;
  readonly actor: Actor;
  readonly origin?: Origin;
  readonly status?: number;
  readonly body?: unknown;
  readonly retryable: boolean;
  /** Newest last: "step created (connectors/github.yaml:40:9)", ... */
  readonly trail: string[];

  constructor(code: string, message: string, options: RuntimeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RuntimeError';
    this.code = code;
    this.actor = options.actor ?? 'bug';
    this.origin = options.origin;
    this.status = options.status;
    this.body = options.body;
    this.retryable = options.retryable ?? false;
    this.trail = [...(options.trail ?? [])];
  }

  /** The value `catch` steps see as `error`. */
  toScope(): { code: string; message: string; status?: number; body?: unknown } {
    return { code: this.code, message: this.message, status: this.status, body: this.body };
  }
}

export function isRuntimeError(e: unknown): e is RuntimeError {
  return e instanceof RuntimeError;
}
