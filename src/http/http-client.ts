// The HTTP client the interpreter calls with a rendered, authenticated request. Everything it does is one ordered
// list of named middlewares around the got transport; read the list to know the order of decisions.
import type { HttpResponse, PreparedRequest } from './prepared-request.js';
import type { RequestContext } from './request-context.js';
import { composePipeline, type HttpMiddleware } from './pipeline.js';
import { recordAttempts } from './record-attempts.js';
import { throwForStatus } from './status-error.js';
import { reauthorizeOnce } from './reauthorize.js';
import { DEFAULT_RETRY_OPTIONS, retryTransient, type RetryOptions } from './retry-policy.js';
import { RateBudgets, waitForRateBudget, type RateClock } from './rate-budget.js';
import { guardHost } from './guard-host.js';
import { guardHeaders } from './guard-headers.js';
import { createGotTransport, type GotTransport } from './send-with-got.js';

export type { RequestContext } from './request-context.js';

export interface HttpClientOptions {
  /** When a request gives none (default 30 s). */
  readonly defaultTimeoutMs?: number;
  /** json/text/binary responses (default 10 MiB); a context may lower or raise it. */
  readonly maxResponseBytes?: number;
  /** file responses (default 100 MiB). */
  readonly maxFileBytes?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Calls waiting for rate budgets, all connections together (default 10,000). */
  readonly maxRateWaiters?: number;
  readonly rateClock?: RateClock;
  readonly userAgent?: string;
  /**
   * Replaces the transport at the end of the pipeline, given the default (got) one: connector tests replay
   * recorded responses or record live ones here, while auth, guards, retries and pagination run unchanged.
   */
  readonly wrapTransport?: (transport: HttpTransport) => HttpTransport;
}

/** The last stage of the pipeline: puts one attempt on the wire (or answers it from a recording). */
export type HttpTransport = GotTransport;

export interface HttpClient {
  /** Resolves with a 2xx response; throws RuntimeError (HTTP_STATUS, HTTP_NETWORK, HTTP_TIMEOUT, ...) otherwise. */
  send(request: PreparedRequest, context: RequestContext): Promise<HttpResponse>;
  /** Closes pooled sockets and fails calls waiting for a rate budget. */
  close(): void;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const gotTransport = createGotTransport({
    defaultTimeoutMs: options.defaultTimeoutMs ?? 30_000,
    maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
    maxFileBytes: options.maxFileBytes ?? 100 * 1024 * 1024,
    userAgent: options.userAgent ?? 'connector-runtime',
  });
  const transport = options.wrapTransport ? options.wrapTransport(gotTransport) : gotTransport;
  const budgets = new RateBudgets({ maxWaiters: options.maxRateWaiters, clock: options.rateClock });
  const middlewares: readonly HttpMiddleware[] = [
    recordAttempts, // outermost: sees every attempt and the final outcome
    throwForStatus, // non-2xx after everything below -> HTTP_STATUS
    reauthorizeOnce, // 401/expiry -> caller refreshes -> one replay (guarded like the first)
    guardHost, // allowed host, http(s), no private literal (DNS and redirects are guarded in the transport)
    guardHeaders, // no CR/LF or invalid names
    retryTransient({ ...DEFAULT_RETRY_OPTIONS, ...options.retry }), // 429/502/503/504/network -> wait, send again
    waitForRateBudget(budgets), // each attempt, retries included, takes a slot of the connection's budget
  ];
  const pipeline = composePipeline(middlewares, transport.send);
  return {
    send: (request, context) => pipeline(request, { context, attempts: [], rateWaitMs: 0 }),
    close() {
      budgets.close();
      transport.close();
    },
  };
}
