// Keeps a connection's OAuth tokens usable: refresh (authorization code) or re-request (client credentials)
// before expiry and after the server rejects them. One renewal per connection at a time in this process; across
// processes (`runtime start` and a `runtime run` beside it) a lease in the store lets one of them ask the token
// endpoint while the others wait for its result: a provider that rotates refresh tokens and detects their reuse
// would otherwise revoke the whole grant. The token version's compare-and-set still decides if a lease lapses.
import { randomUUID } from 'node:crypto';
import type { OAuthTokens } from '../model/connection.js';
import type { OAuth2Def } from '../model/model.js';
import type { AuthContext } from './auth-scheme.js';
import { authError } from './auth-errors.js';
import { endpointUrl } from './endpoint-url.js';
import { withClientAuthentication } from './client-authentication.js';
import { connectionLabel } from './connection-fields.js';
import { oauth2Def, oauthClient } from './oauth2-client.js';
import { readTokenResponse, type TokenGrant } from './token-response.js';
import { isRuntimeError } from '../errors/runtime-error.js';

export interface TokenSnapshot {
  tokens?: OAuthTokens;
  /** The connection's token version these tokens belong to. */
  version: number;
}

/** Tokens this close to expiry are renewed before a request rather than after its 401. */
export const EXPIRY_MARGIN_MS = 60_000;

const inFlight = new Map<string, Promise<Required<TokenSnapshot>>>();

/** This process, as the holder of renewal leases. */
const LEASE_OWNER = randomUUID();
/** Longer than a token request may take (its timeout): a lease lapses only when its holder died. */
export const RENEWAL_LEASE_MS = 60_000;
/** How often a process waiting for another's renewal looks at the store. */
const LEASE_POLL_MS = 100;

export function nowOf(ctx: AuthContext): number {
  return (ctx.now ?? Date.now)();
}

/** The newest tokens known: the store's or the context's (which may be stale), whichever version is higher. */
export function latestTokens(ctx: AuthContext): TokenSnapshot {
  const stored = ctx.tokens.load(ctx.connection.id);
  const best = stored && stored.tokenVersion >= ctx.connection.tokenVersion ? stored : ctx.connection;
  return { tokens: best.tokens, version: best.tokenVersion };
}

export function isExpiring(tokens: OAuthTokens, now: number): boolean {
  return tokens.expiresAt !== undefined && tokens.expiresAt - now < EXPIRY_MARGIN_MS;
}

export function canRenew(auth: OAuth2Def, tokens: OAuthTokens | undefined): boolean {
  return auth.grant === 'client_credentials' || (auth.refresh && tokens?.refreshToken !== undefined);
}

/** Tokens good enough to send: renewed first when missing (client credentials) or about to expire. */
export async function usableTokens(ctx: AuthContext): Promise<Required<TokenSnapshot>> {
  const auth = oauth2Def(ctx.connector);
  const current = latestTokens(ctx);
  const { tokens } = current;
  if (tokens && !isExpiring(tokens, nowOf(ctx))) return { tokens, version: current.version };
  if (!tokens && auth.grant === 'authorization_code') {
    throw authError('AUTH_NOT_CONNECTED', `connection '${connectionLabel(ctx.connection)}' has no tokens: connect it first`, { actor: 'user' });
  }
  // Expiring but not renewable: send it anyway, the server decides.
  if (tokens && !canRenew(auth, tokens)) return { tokens, version: current.version };
  return renewTokens(ctx, current.version, false);
}

/**
 * Renews the tokens of version `staleVersion` (or joins the renewal already running for the connection).
 * `force`: the server rejected them, so renew even when they do not look expired.
 */
export function renewTokens(ctx: AuthContext, staleVersion: number, force: boolean): Promise<Required<TokenSnapshot>> {
  const id = ctx.connection.id;
  const running = inFlight.get(id);
  if (running) return running;
  const renewal = renewOnce(ctx, staleVersion, force).finally(() => inFlight.delete(id));
  inFlight.set(id, renewal);
  return renewal;
}

async function renewOnce(ctx: AuthContext, staleVersion: number, force: boolean): Promise<Required<TokenSnapshot>> {
  const { tokens: store } = ctx;
  const id = ctx.connection.id;
  if (!store.claimRenewal || !store.releaseRenewal) return renewHoldingLease(ctx, staleVersion, force);
  // Another process is renewing: its tokens will be in the store when it is done (or its lease lapses).
  while (!store.claimRenewal(id, LEASE_OWNER, RENEWAL_LEASE_MS)) {
    if (!store.load(id)) {
      throw authError('AUTH_NOT_CONNECTED', `connection '${connectionLabel(ctx.connection)}' was removed while its tokens were renewed`, { actor: 'user' });
    }
    const winner = newerThan(latestTokens(ctx), staleVersion, ctx, true);
    if (winner) return winner;
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
  try {
    return await renewHoldingLease(ctx, staleVersion, force);
  } finally {
    store.releaseRenewal(id, LEASE_OWNER);
  }
}

async function renewHoldingLease(ctx: AuthContext, staleVersion: number, force: boolean): Promise<Required<TokenSnapshot>> {
  const auth = oauth2Def(ctx.connector);
  const current = latestTokens(ctx);
  // Someone (another caller here, or another process) already replaced the stale tokens.
  const adopted = newerThan(current, staleVersion, ctx, force);
  if (adopted) return adopted;

  let fetched: OAuthTokens;
  try {
    fetched = auth.grant === 'client_credentials' ? await requestClientCredentials(ctx, auth) : await requestRefresh(ctx, auth, current.tokens);
  } catch (e) {
    // A rotated refresh token is refused once another process used it; its result is in the store by now.
    if (isRuntimeError(e) && e.code === 'AUTH_REFRESH_FAILED') {
      const winner = newerThan(latestTokens(ctx), current.version, ctx, true);
      if (winner) return winner;
    }
    throw e;
  }
  // Servers that do not rotate send no refresh token: keep the one we have.
  const refreshToken = fetched.refreshToken ?? (auth.grant === 'authorization_code' ? current.tokens?.refreshToken : undefined);
  const tokens: OAuthTokens = refreshToken === undefined ? fetched : { ...fetched, refreshToken };
  if (ctx.tokens.saveTokens(ctx.connection.id, tokens, current.version)) return { tokens, version: current.version + 1 };
  const winner = newerThan(latestTokens(ctx), current.version, ctx, true);
  if (winner) return winner;
  throw authError('AUTH_NOT_CONNECTED', `connection '${connectionLabel(ctx.connection)}' was removed while its tokens were renewed`, {
    actor: 'user',
  });
}

function newerThan(s: TokenSnapshot, version: number, ctx: AuthContext, evenIfExpiring: boolean): Required<TokenSnapshot> | undefined {
  if (!s.tokens || s.version <= version) return undefined;
  if (!evenIfExpiring && isExpiring(s.tokens, nowOf(ctx))) return undefined;
  return { tokens: s.tokens, version: s.version };
}

async function requestRefresh(ctx: AuthContext, auth: OAuth2Def, tokens: OAuthTokens | undefined): Promise<OAuthTokens> {
  if (!tokens?.refreshToken) {
    throw authError('AUTH_REFRESH_FAILED', `connection '${connectionLabel(ctx.connection)}' has no refresh token: reconnect the connection`, {
      actor: 'user',
    });
  }
  return tokenRequest(ctx, auth, 'refresh_token', { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
}

async function requestClientCredentials(ctx: AuthContext, auth: OAuth2Def): Promise<OAuthTokens> {
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (auth.scopes.length > 0) form.scope = auth.scopes.join(auth.scopeSeparator);
  return tokenRequest(ctx, auth, 'client_credentials', form);
}

async function tokenRequest(ctx: AuthContext, auth: OAuth2Def, grant: TokenGrant, form: Record<string, string>): Promise<OAuthTokens> {
  const label = connectionLabel(ctx.connection);
  const request = withClientAuthentication(auth, oauthClient(ctx.connection.fields, label), form);
  const tokenUrl = endpointUrl(auth.tokenUrl, ctx.connection.fields, ctx.connection.secretFields);
  const response = await ctx.http({ url: tokenUrl, allowPrivateNetwork: ctx.allowPrivateNetwork === true || ctx.connector.allowPrivateNetwork, ...request });
  return readTokenResponse(response, { url: tokenUrl, grant, connectionLabel: label, now: nowOf(ctx) });
}

/** A client credentials token for the connection, cached in the store and re-requested when it expires. */
export async function clientCredentials(ctx: AuthContext): Promise<OAuthTokens> {
  oauth2Def(ctx.connector, 'client_credentials');
  return (await usableTokens(ctx)).tokens;
}
