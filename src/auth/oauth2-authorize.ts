// The authorization code grant (RFC 6749 section 4.1) with PKCE: build the authorize URL, then turn the
// callback into tokens. The caller keeps the pending entry between the two steps.
import type { OAuthTokens } from '../model/connection.js';
import type { Connector } from '../model/model.js';
import { authError } from './auth-errors.js';
import { endpointUrl, secretFieldNames } from './endpoint-url.js';
import { withClientAuthentication } from './client-authentication.js';
import { oauth2Def, oauthClient } from './oauth2-client.js';
import type { PendingAuthorization, PendingAuthorizations } from './pending-authorizations.js';
import { createPkcePair, randomUrlSafe } from './pkce.js';
import type { TokenHttp } from './token-http.js';
import { oauthErrorCode, oauthErrorDescription, readTokenResponse } from './token-response.js';

export interface AuthorizationStart {
  url: string;
  state: string;
  /** Present when the connector uses PKCE; keep it with the state, never send it to the browser. */
  codeVerifier?: string;
}

const MAX_CODE_LENGTH = 4096;

export function startAuthorization(
  connector: Connector,
  connectionFields: Readonly<Record<string, unknown>>,
  redirectUri: string,
): AuthorizationStart {
  const auth = oauth2Def(connector, 'authorization_code');
  if (!auth.authorizeUrl) {
    throw authError('AUTH_UNSUPPORTED', `connector '${connector.name}' has no authorizeUrl`, { actor: 'author', origin: connector.origin });
  }
  const client = oauthClient(connectionFields, `${connector.name} (new connection)`);
  const url = new URL(endpointUrl(auth.authorizeUrl, connectionFields, secretFieldNames(connector)));
  // Extra parameters first, so they can never replace the protocol's own.
  for (const [name, value] of Object.entries(auth.extraAuthorizeParams)) url.searchParams.set(name, value);
  const state = randomUrlSafe(32);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (auth.scopes.length > 0) url.searchParams.set('scope', auth.scopes.join(auth.scopeSeparator));
  url.searchParams.set('state', state);
  if (!auth.pkce) return { url: url.toString(), state };
  const { codeVerifier, codeChallenge } = createPkcePair();
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, codeVerifier };
}

export type CallbackQuery = URLSearchParams | Readonly<Record<string, unknown>>;

export interface CompletedAuthorization {
  pending: PendingAuthorization;
  tokens: OAuthTokens;
}

export async function completeAuthorization(
  pending: PendingAuthorizations,
  callbackQuery: CallbackQuery,
  http: TokenHttp,
  now: () => number = Date.now,
): Promise<CompletedAuthorization> {
  const param = (name: string) => single(callbackQuery, name);
  const entry = pending.take(param('state'));
  if (!entry) {
    throw authError('AUTH_STATE_MISMATCH', 'the authorization callback carries an unknown, expired or already used state: start connecting again', {
      actor: 'user',
    });
  }
  const label = `${entry.connector.name}/${entry.connectionName ?? '(new connection)'}`;
  const error = param('error');
  if (error !== undefined) {
    const code = oauthErrorCode(error);
    throw authError('AUTH_DENIED', `authorization of connection '${label}' was not granted: error '${code}'`, {
      actor: 'user',
      body: { error: code, error_description: oauthErrorDescription(param('error_description')) },
    });
  }
  const code = param('code');
  if (code === undefined || code === '' || code.length > MAX_CODE_LENGTH) {
    throw authError('AUTH_DENIED', `the authorization callback for connection '${label}' carries no usable code`, { actor: 'user' });
  }
  const auth = oauth2Def(entry.connector, 'authorization_code');
  const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: entry.redirectUri };
  if (entry.codeVerifier !== undefined) form.code_verifier = entry.codeVerifier;
  const request = withClientAuthentication(auth, oauthClient(entry.fields, label), form);
  const tokenUrl = endpointUrl(auth.tokenUrl, entry.fields, secretFieldNames(entry.connector));
  const response = await http({ url: tokenUrl, allowPrivateNetwork: entry.connector.allowPrivateNetwork || entry.context?.allowPrivateNetwork === true, ...request });
  const tokens = readTokenResponse(response, { url: tokenUrl, grant: 'authorization_code', connectionLabel: label, now: now() });
  return { pending: entry, tokens };
}

/** One string value of a query parameter; repeated or non-string values count as absent. */
function single(query: CallbackQuery, name: string): string | undefined {
  if (query instanceof URLSearchParams) {
    const all = query.getAll(name);
    return all.length === 1 ? all[0] : undefined;
  }
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}
