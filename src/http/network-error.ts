// Failures without a usable answer (refused, reset, DNS, TLS, timeout, abort) as RuntimeErrors. got's error objects
// carry the request options, headers with credentials included: only their name, code and a scrubbed message survive.
import { RuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';
import { printableUrl } from './request-url.js';

/** What is kept of a low-level error: never the object itself. */
export interface SafeCause {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** The first `code` along the cause chain, e.g. ECONNRESET under got's RequestError. */
export function safeCause(error: unknown): SafeCause {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown } | undefined;
  let code: string | undefined;
  for (let c: unknown = error, depth = 0; c && depth < 5 && code === undefined; c = (c as { cause?: unknown }).cause, depth++) {
    const candidate = (c as { code?: unknown }).code;
    if (typeof candidate === 'string' && candidate !== 'ERR_GOT_REQUEST_ERROR') code = candidate;
  }
  const cause: SafeCause = {
    name: typeof e?.name === 'string' ? e.name.slice(0, 60) : 'Error',
    message: scrubMessage(typeof e?.message === 'string' ? e.message : String(error)),
  };
  return code === undefined ? cause : { ...cause, code: code.slice(0, 60) };
}

/** HTTP_TIMEOUT, HTTP_ABORTED or HTTP_NETWORK for a request that got no (complete) answer. */
export function networkError(method: string, url: URL | string, error: unknown, options: { origin?: Origin; timeoutMs: number }): RuntimeError {
  const cause = safeCause(error);
  const what = `${method} ${printableUrl(url)}`;
  if (cause.name === 'TimeoutError') {
    return new RuntimeError('HTTP_TIMEOUT', `${what} got no complete answer within ${options.timeoutMs} ms`, {
      actor: 'operational', origin: options.origin, cause, retryable: true,
    });
  }
  if (cause.name === 'AbortError' || cause.code === 'ABORT_ERR' || cause.code === 'ERR_ABORTED') {
    return new RuntimeError('HTTP_ABORTED', `${what} was cancelled`, { actor: 'operational', origin: options.origin, cause });
  }
  if (cause.code === 'ERR_TOO_MANY_REDIRECTS') {
    return new RuntimeError('HTTP_NETWORK', `${what} was redirected too many times`, { actor: 'operational', origin: options.origin, cause });
  }
  const code = cause.code ?? cause.name;
  return new RuntimeError('HTTP_NETWORK', `${what} failed: ${code}`, {
    actor: 'operational', origin: options.origin, cause, retryable: isTransientNetworkCode(cause.code),
  });
}

/** The network code (ECONNRESET, ...) kept on a RuntimeError made by `networkError`. */
export function networkCodeOf(error: RuntimeError): string | undefined {
  const cause = error.cause as Partial<SafeCause> | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

// Messages of low-level errors may quote a URL: drop query strings, fragments and user info, and bound the length.
function scrubMessage(message: string): string {
  return message
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]*@/gi, '$1')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#'"]*)[?#][^\s'"]*/gi, '$1')
    .slice(0, 300);
}
