// When and how long to wait before sending a request again: 429/502/503/504 and transient network errors, with
// exponential backoff and full jitter, honouring Retry-After up to a cap. got's own retry is off; this is the loop.
import { isRuntimeError, type RuntimeError } from '../errors/runtime-error.js';
import type { HttpResponse, PreparedRequest } from './prepared-request.js';
import type { HttpMiddleware } from './pipeline.js';
import { abortableDelay } from './abortable-delay.js';
import { isTransientNetworkCode, networkCodeOf } from './network-error.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A longer Retry-After fails the request with its status instead of waiting. */
  readonly maxRetryAfterMs: number;
  /** For jitter; Math.random by default. */
  readonly random?: () => number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = Object.freeze({
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

// The request never left: even a non-idempotent POST is safe to send again.
const NEVER_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const ALWAYS_RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** GET/HEAD/PUT/DELETE/OPTIONS always; POST/PATCH only when the request says it is idempotent. */
export function isRetryableMethod(request: Pick<PreparedRequest, 'method' | 'idempotent'>): boolean {
  return ALWAYS_RETRYABLE_METHODS.has(request.method) || request.idempotent;
}

/** Full jitter: a random delay in [0, min(max, base * 2^retryIndex)]. */
export function backoffDelayMs(retryIndex: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retryIndex);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly note?: string }
  | { readonly retry: false; readonly note?: string };

/** What to do after attempt number `retriesDone + 1` answered `response` or failed with `error`. */
export function decideRetry(
  request: Pick<PreparedRequest, 'method' | 'idempotent'>,
  outcome: { response: HttpResponse } | { error: RuntimeError },
  retriesDone: number,
  options: RetryOptions,
  now: number = Date.now(),
): RetryDecision {
  if ('response' in outcome) {
    const { status, headers } = outcome.response;
    if (!RETRYABLE_STATUSES.has(status)) return { retry: false };
    if (!isRetryableMethod(request)) return { retry: false, note: `${request.method} is not retried unless idempotent` };
    if (retriesDone >= options.retries) return { retry: false, note: `gave up after ${retriesDone} retries` };
    const retryAfter = parseRetryAfter(headers['retry-after'], now);
    if (retryAfter !== undefined) {
      if (retryAfter > options.maxRetryAfterMs) {
        return { retry: false, note: `Retry-After ${Math.ceil(retryAfter / 1000)} s exceeds the ${Math.round(options.maxRetryAfterMs / 1000)} s cap` };
      }
      return { retry: true, delayMs: retryAfter, note: 'Retry-After' };
    }
    return { retry: true, delayMs: backoffDelayMs(retriesDone, options) };
  }
  const { error } = outcome;
  if (!error.retryable) return { retry: false };
  const code = networkCodeOf(error);
  const transient = error.code === 'HTTP_TIMEOUT' || isTransientNetworkCode(code);
  if (!transient) return { retry: false };
  if (!isRetryableMethod(request) && !(code !== undefined && NEVER_SENT_CODES.has(code))) {
    return { retry: false, note: `${request.method} is not retried unless idempotent` };
  }
  if (retriesDone >= options.retries) return { retry: false, note: `gave up after ${retriesDone} retries` };
  return { retry: true, delayMs: backoffDelayMs(retriesDone, options) };
}

/** The retry loop: wraps the rate budget and the transport, so each retry is budgeted. */
export function retryTransient(options: RetryOptions = DEFAULT_RETRY_OPTIONS): HttpMiddleware {
  return {
    name: 'retry-transient',
    async handle(request, call, next) {
      for (let retriesDone = 0; ; retriesDone++) {
        const sentBefore = call.attempts.length;
        let outcome: { response: HttpResponse } | { error: RuntimeError };
        try {
          outcome = { response: await next(request, call) };
        } catch (error) {
          if (!isRuntimeError(error)) throw error;
          outcome = { error };
        }
        const decision = decideRetry(request, outcome, retriesDone, options);
        // Only an attempt that reached the transport is annotated (a rate-queue refusal adds none).
        const attempt = call.attempts.length > sentBefore ? call.attempts[call.attempts.length - 1] : undefined;
        if (attempt && decision.note) attempt.note = decision.note;
        if (!decision.retry) {
          if ('response' in outcome) return outcome.response;
          throw outcome.error;
        }
        if (attempt) {
          attempt.outcome = 'retry';
          attempt.waitMs = decision.delayMs;
        }
        await abortableDelay(decision.delayMs, call.context.signal, call.context.origin);
      }
    },
  };
}
