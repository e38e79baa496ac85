// The HTTP pipeline is an ordered list of small named middlewares around one transport (Zapier-style):
// each can change the request, decide to call `next` again (retry), or turn a response into an error.
import type { HttpAttempt, HttpResponse, PreparedRequest } from './prepared-request.js';
import type { RequestContext } from './request-context.js';

export type MutableAttempt = { -readonly [K in keyof HttpAttempt]: HttpAttempt[K] };

/** State of one `send`, shared by the middlewares: the caller's context and the attempts made so far. */
export interface HttpCall {
  readonly context: RequestContext;
  readonly attempts: MutableAttempt[];
  /** Set by the rate budget for the attempt about to go out; the transport records it. */
  rateWaitMs: number;
}

export type Send = (request: PreparedRequest, call: HttpCall) => Promise<HttpResponse>;

export interface HttpMiddleware {
  readonly name: string;
  handle(request: PreparedRequest, call: HttpCall, next: Send): Promise<HttpResponse>;
}

/** The first middleware is the outermost; the transport runs last. */
export function composePipeline(middlewares: readonly HttpMiddleware[], transport: Send): Send {
  return middlewares.reduceRight<Send>(
    (next, middleware) => (request, call) => middleware.handle(request, call, next),
    transport,
  );
}
