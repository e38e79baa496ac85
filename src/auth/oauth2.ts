// `auth: {type: oauth2}`: Bearer tokens from the connection, renewed before expiry and when a response says
// they expired. The grant-specific pieces live in the oauth2-*.ts modules and are re-exported here.
import type { AuthContext, AuthScheme } from './auth-scheme.js';
import { withHeaders } from './add-credentials.js';
import { oauth2Def } from './oauth2-client.js';
import { canRenew, latestTokens, renewTokens, usableTokens } from './oauth2-tokens.js';

export { startAuthorization, completeAuthorization, type AuthorizationStart, type CallbackQuery, type CompletedAuthorization } from './oauth2-authorize.js';
export { clientCredentials, EXPIRY_MARGIN_MS } from './oauth2-tokens.js';
export { revokeTokens, type RevokedTokenType } from './oauth2-revoke.js';
export { PendingAuthorizations, type PendingAuthorization } from './pending-authorizations.js';

/** The token version each context last sent, so a 401 renews exactly the tokens that were rejected. */
const sentVersion = new WeakMap<AuthContext, number>();

export const oauth2Auth: AuthScheme = {
  async apply(request, ctx) {
    const { tokens, version } = await usableTokens(ctx);
    sentVersion.set(ctx, version);
    // Token types other than Bearer (MAC, DPoP) need request signing, which connectors cannot declare.
    return withHeaders(request, { Authorization: `Bearer ${tokens.accessToken}` });
  },

  async isExpired(response, ctx) {
    const { expiry } = oauth2Def(ctx.connector);
    if (response.status === 401 || expiry.statuses.includes(response.status)) return true;
    if (!expiry.when) return false;
    return (await expiry.when.evaluate({ status: response.status, headers: response.headers, body: response.body })) === true;
  },

  async refresh(ctx) {
    const auth = oauth2Def(ctx.connector);
    const current = latestTokens(ctx);
    if (!canRenew(auth, current.tokens)) return false;
    await renewTokens(ctx, sentVersion.get(ctx) ?? ctx.connection.tokenVersion, true);
    return true;
  },
};
