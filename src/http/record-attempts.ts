// Makes the pipeline's decisions visible: the attempts go on the response (for --explain and execution records),
// into an error's trail, and to the caller's `onAttempt`.
import { isRuntimeError } from '../errors/runtime-error.js';
import type { HttpAttempt } from './prepared-request.js';
import type { HttpMiddleware } from './pipeline.js';

/** `GET https://api.example.com/items answered 503; retried after 120 ms (Retry-After)`. */
export function describeAttempt(a: HttpAttempt): string {
  const parts = [`${a.method} ${a.url}`];
  if (a.rateWaitMs > 0) parts.push(`(after ${a.rateWaitMs} ms waiting for the rate budget)`);
  for (const target of a.redirects) parts.push(`redirected to ${target}`);
  parts.push(a.status !== undefined ? `answered ${a.status}` : `failed: ${a.error ?? 'no answer'}`);
  let text = parts.join(' ');
  if (a.outcome === 'retry') text += `; retried after ${a.waitMs ?? 0} ms`;
  if (a.outcome === 'reauthorize') text += '; re-sent with fresh credentials';
  if (a.note) text += ` (${a.note})`;
  return text;
}

export const recordAttempts: HttpMiddleware = {
  name: 'record-attempts',
  async handle(request, call, next) {
    try {
      const response = await next(request, call);
      return { ...response, attempts: call.attempts };
    } catch (error) {
      if (isRuntimeError(error)) error.trail.push(...call.attempts.map(describeAttempt));
      throw error;
    } finally {
      const { onAttempt } = call.context;
      if (onAttempt) {
        for (const attempt of call.attempts) {
          try {
            onAttempt(attempt);
          } catch {
            // A failing observer must not change the request's outcome.
          }
        }
      }
    }
  },
};
