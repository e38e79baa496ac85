// Adds credentials to a prepared request without mutating the caller's copy. A credential header replaces any
// header of the same name in another letter case, so the request never carries two Authorization headers.
import type { PreparedRequest } from '../http/prepared-request.js';

export function withHeaders(request: PreparedRequest, headers: Readonly<Record<string, string>>): PreparedRequest {
  const names = new Set(Object.keys(headers).map((n) => n.toLowerCase()));
  const kept = Object.entries(request.headers).filter(([n]) => !names.has(n.toLowerCase()));
  return { ...request, headers: { ...Object.fromEntries(kept), ...headers } };
}

export function withQuery(request: PreparedRequest, query: Readonly<Record<string, string>>): PreparedRequest {
  return { ...request, query: { ...request.query, ...query } };
}
