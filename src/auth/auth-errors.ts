// Runtime error codes raised by auth schemes, with what each means (for docs/errors.md). Messages name the
// connection and the endpoint's error code, never a token, secret or response payload.
import { RuntimeError, type RuntimeErrorOptions } from '../errors/runtime-error.js';

export const AUTH_ERROR_CODES = {
  AUTH_FIELD_MISSING: 'A connection field the auth scheme needs (username, clientId, ...) is empty or missing.',
  AUTH_FIELD_INVALID: 'A connection field cannot be used as given (e.g. a Basic username containing ":").',
  AUTH_HEADER_INVALID: 'A rendered auth header value contains a line break or NUL and was refused.',
  AUTH_NOT_CONNECTED: 'The connection has no OAuth tokens yet: it must be authorized (connected) first.',
  AUTH_STATE_MISMATCH: 'An OAuth callback carried an unknown, expired or already used `state`.',
  AUTH_DENIED: 'The authorization server answered the authorization request with an error (e.g. the user denied access).',
  AUTH_TOKEN_REQUEST: 'The token endpoint refused a request or answered something that is not a token response.',
  AUTH_TOKEN_NETWORK: 'The token or revocation endpoint could not be reached.',
  AUTH_REFRESH_FAILED: 'The refresh token was refused (`invalid_grant`): the connection must be reconnected.',
  AUTH_UNSUPPORTED: 'The operation does not fit the connector\'s auth definition (e.g. authorizing a connector without an OAuth 2.0 authorization code grant, or revoking without a revokeUrl).',
  AUTH_REVOKE_FAILED: 'The revocation endpoint refused to revoke a token.',
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

export function authError(code: AuthErrorCode, message: string, options: RuntimeErrorOptions = {}): RuntimeError {
  return new RuntimeError(code, message, options);
}
