// Glue for the HTTP pipeline's `onAuthFailure`: when a response says the credentials expired and the scheme
// could renew them, the request is re-sent once with fresh credentials.
import type { HttpResponse, PreparedRequest } from '../http/prepared-request.js';
import type { AuthContext, AuthScheme } from './auth-scheme.js';

/** `unauthenticated` is the request as rendered, before `apply` added credentials. */
export function reauthorizeOnFailure(
  scheme: AuthScheme,
  ctx: AuthContext,
  unauthenticated: PreparedRequest,
): (response: HttpResponse) => Promise<PreparedRequest | undefined> {
  return async (response) => {
    if (!scheme.isExpired || !scheme.refresh) return undefined;
    if (!(await scheme.isExpired({ status: response.status, headers: { ...response.headers }, body: response.body }, ctx))) return undefined;
    if (!(await scheme.refresh(ctx))) return undefined;
    return scheme.apply(unauthenticated, ctx);
  };
}
