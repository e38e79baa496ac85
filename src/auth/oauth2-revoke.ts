// Token revocation (RFC 7009) for connectors without a `revoke` system flow: the refresh token first (servers
// usually end the whole grant with it), then the access token.
import type { AuthContext } from './auth-scheme.js';
import { authError } from './auth-errors.js';
import { endpointUrl } from './endpoint-url.js';
import { withClientAuthentication } from './client-authentication.js';
import { connectionLabel } from './connection-fields.js';
import { oauth2Def, oauthClient } from './oauth2-client.js';
import { latestTokens } from './oauth2-tokens.js';
import { endpointLabel } from './token-http.js';
import { isRecord, oauthErrorCode, oauthErrorDescription } from './token-response.js';

export type RevokedTokenType = 'refresh_token' | 'access_token';

/** Revokes what the connection holds; returns the token types the server accepted. Tokens stay in the store. */
export async function revokeTokens(ctx: AuthContext): Promise<RevokedTokenType[]> {
  const auth = oauth2Def(ctx.connector);
  const label = connectionLabel(ctx.connection);
  if (!auth.revokeUrl) {
    throw authError('AUTH_UNSUPPORTED', `connector '${ctx.connector.name}' has neither a revoke flow nor a revokeUrl`, {
      actor: 'author',
      origin: ctx.connector.origin,
    });
  }
  const { tokens } = latestTokens(ctx);
  if (!tokens) return [];
  const toRevoke: [RevokedTokenType, string][] = [];
  if (tokens.refreshToken) toRevoke.push(['refresh_token', tokens.refreshToken]);
  toRevoke.push(['access_token', tokens.accessToken]);
  const client = oauthClient(ctx.connection.fields, label);
  const revokeUrl = endpointUrl(auth.revokeUrl, ctx.connection.fields, ctx.connection.secretFields);
  const revoked: RevokedTokenType[] = [];
  for (const [hint, token] of toRevoke) {
    const request = withClientAuthentication(auth, client, { token, token_type_hint: hint });
    const response = await ctx.http({ url: revokeUrl, allowPrivateNetwork: ctx.allowPrivateNetwork === true || ctx.connector.allowPrivateNetwork, ...request });
    if (response.status >= 200 && response.status < 300) {
      revoked.push(hint);
      continue;
    }
    const error = oauthErrorCode(isRecord(response.body) ? response.body.error : undefined);
    // The server may not revoke this kind of token (RFC 7009 section 2.2.1); the other one still counts.
    if (error === 'unsupported_token_type') continue;
    const temporary = response.status >= 500 || response.status === 429;
    throw authError('AUTH_REVOKE_FAILED', `${endpointLabel(revokeUrl)} refused to revoke the ${hint} of connection '${label}': ${error ? `error '${error}'` : `status ${response.status}`}`, {
      actor: temporary ? 'operational' : error === 'invalid_client' ? 'user' : 'author',
      status: response.status,
      retryable: temporary,
      body: { error, error_description: oauthErrorDescription(isRecord(response.body) ? response.body.error_description : undefined) },
    });
  }
  return revoked;
}
