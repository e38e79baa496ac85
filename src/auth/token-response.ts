// Turns a token endpoint answer (RFC 6749 section 5) into OAuthTokens, or into a coded error that says who must
// act. Token values are checked (visible ASCII, bounded) because they end up in request headers.
import type { OAuthTokens } from '../model/connection.js';
import type { Actor } from '../errors/runtime-error.js';
import { authError } from './auth-errors.js';
import { endpointLabel, type TokenHttpResponse } from './token-http.js';

export type TokenGrant = 'authorization_code' | 'refresh_token' | 'client_credentials';

const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_EXPIRES_IN_S = 10 * 365 * 24 * 3600;
/** RFC 6749 NQSCHAR/VSCHAR: printable ASCII. */
const VISIBLE = /^[\x20-\x7E]+$/;

export interface TokenResponseContext {
  url: string;
  grant: TokenGrant;
  connectionLabel: string;
  now: number;
}

export function readTokenResponse(response: TokenHttpResponse, c: TokenResponseContext): OAuthTokens {
  const body = isRecord(response.body) ? response.body : undefined;
  // Some providers (GitHub) answer errors with status 200.
  if (response.status < 200 || response.status >= 300 || body?.error !== undefined) throw tokenEndpointError(response, body, c);
  if (!body) {
    throw authError('AUTH_TOKEN_REQUEST', `${endpointLabel(c.url)} did not answer a JSON token response (status ${response.status})`, {
      actor: 'operational',
      status: response.status,
    });
  }
  const accessToken = tokenValue(body.access_token, 'access_token', c);
  if (accessToken === undefined) {
    throw authError('AUTH_TOKEN_REQUEST', `${endpointLabel(c.url)} answered without an access_token`, { actor: 'operational', status: response.status });
  }
  const tokens: { -readonly [K in keyof OAuthTokens]: OAuthTokens[K] } = { accessToken };
  const refreshToken = tokenValue(body.refresh_token, 'refresh_token', c);
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  if (typeof body.token_type === 'string' && VISIBLE.test(body.token_type) && body.token_type.length <= 64) tokens.tokenType = body.token_type;
  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0) {
    tokens.expiresAt = c.now + Math.min(expiresIn, MAX_EXPIRES_IN_S) * 1000;
  }
  if (typeof body.scope === 'string' && body.scope.length <= 4096) tokens.scope = body.scope;
  return tokens;
}

function tokenValue(value: unknown, name: string, c: TokenResponseContext): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > MAX_TOKEN_LENGTH || !VISIBLE.test(value)) {
    throw authError('AUTH_TOKEN_REQUEST', `${endpointLabel(c.url)} answered an unusable ${name}`, { actor: 'operational' });
  }
  return value;
}

function tokenEndpointError(response: TokenHttpResponse, body: Record<string, unknown> | undefined, c: TokenResponseContext) {
  const error = oauthErrorCode(body?.error);
  const detail = { error, error_description: oauthErrorDescription(body?.error_description) };
  if (c.grant === 'refresh_token' && error === 'invalid_grant') {
    return authError(
      'AUTH_REFRESH_FAILED',
      `the refresh token of connection '${c.connectionLabel}' was refused (invalid_grant): reconnect the connection`,
      { actor: 'user', status: response.status, body: detail },
    );
  }
  const temporary = response.status >= 500 || response.status === 429 || error === 'temporarily_unavailable';
  const actor: Actor = temporary
    ? 'operational'
    : ['invalid_client', 'unauthorized_client', 'invalid_grant', 'access_denied'].includes(error ?? '')
      ? 'user'
      : 'author';
  const what = error ? `error '${error}'` : `status ${response.status}`;
  return authError('AUTH_TOKEN_REQUEST', `${endpointLabel(c.url)} refused the ${c.grant} request for connection '${c.connectionLabel}': ${what}`, {
    actor,
    status: response.status,
    body: detail,
    retryable: temporary,
  });
}

/** RFC 6749 error codes are a restricted charset; anything else is not echoed. */
export function oauthErrorCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/.test(value) ? value : 'invalid_error_code';
}

export function oauthErrorDescription(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/[^\x20-\x7E]/g, ' ').slice(0, 300);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
