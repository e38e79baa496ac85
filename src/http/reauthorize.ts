// An answer saying the credentials expired (401, or the connector's expiry signals) gets ONE replay with fresh
// credentials: the caller's `onAuthFailure` refreshes (e.g. OAuth) and returns the re-signed request.
import type { HttpMiddleware } from './pipeline.js';

export const reauthorizeOnce: HttpMiddleware = {
  name: 'reauthorize-once',
  async handle(request, call, next) {
    const response = await next(request, call);
    const { onAuthFailure } = call.context;
    if (!onAuthFailure || response.status < 400 || response.status >= 500 || response.status === 429) return response;
    const fresh = await onAuthFailure(response);
    if (!fresh) return response;
    const last = call.attempts[call.attempts.length - 1];
    if (last) {
      last.outcome = 'reauthorize';
      last.note = 'credentials refreshed';
    }
    return next(fresh, call);
  },
};
