// Everything an OAuth test needs running at once: the authorization server, a callback server mounting the
// real callback handler, the token HTTP client, and an in-memory token store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import type { OAuthTokens } from '../../src/model/connection.js';
import type { Connector, OAuth2Def } from '../../src/model/model.js';
import type { AuthContext } from '../../src/auth/auth-scheme.js';
import { PendingAuthorizations, type PendingAuthorization } from '../../src/auth/pending-authorizations.js';
import { createTokenHttp, type TokenHttp } from '../../src/auth/token-http.js';
import { createOAuthCallbackHandler } from '../../src/server/oauth-callback.js';
import { startAuthorizationServer, type AuthorizationServer, POST_CLIENT } from './authorization-server.js';
import { connectorWithAuth, oauth2 } from './connector-fixture.js';
import { MemoryTokenStore, newConnection } from './memory-token-store.js';

export interface OAuthRig {
  server: AuthorizationServer;
  redirectUri: string;
  pending: PendingAuthorizations;
  http: TokenHttp;
  /** What the callback handler handed to onTokens, newest last. */
  completed: { pending: PendingAuthorization; tokens: OAuthTokens }[];
  /** What the callback handler reported through onError, newest last. */
  failures: unknown[];
  connector(def?: Partial<OAuth2Def>): Connector;
  introspect(token: string): Promise<{ active: boolean; [key: string]: unknown }>;
  close(): Promise<void>;
}

export async function startOAuthRig(): Promise<OAuthRig> {
  const callbackServer: Server = createServer();
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/oauth/callback`;
  const server = await startAuthorizationServer(redirectUri);
  const pending = new PendingAuthorizations();
  const http = createTokenHttp({ timeoutMs: 10_000 });
  const completed: OAuthRig['completed'] = [];
  const failures: unknown[] = [];
  callbackServer.on(
    'request',
    createOAuthCallbackHandler({
      pending,
      http,
      onTokens: (p, tokens) => {
        completed.push({ pending: p, tokens });
      },
      onError: (e) => failures.push(e),
    }),
  );
  return {
    server,
    redirectUri,
    pending,
    http,
    completed,
    failures,
    connector: (def = {}) =>
      connectorWithAuth(
        oauth2({
          authorizeUrl: server.authorizeUrl,
          tokenUrl: server.tokenUrl,
          revokeUrl: server.revokeUrl,
          scopes: ['openid', 'offline_access', 'api:read'],
          // oidc-provider grants offline_access (a refresh token) only with an explicit consent prompt.
          extraAuthorizeParams: { prompt: 'consent' },
          ...def,
        }),
      ),
    introspect: async (token) =>
      got
        .post(server.introspectUrl, {
          form: { token, client_id: POST_CLIENT.clientId, client_secret: POST_CLIENT.clientSecret },
          timeout: { request: 10_000 },
        })
        .json(),
    close: async () => {
      await server.close();
      callbackServer.closeAllConnections();
      await new Promise<void>((resolve) => callbackServer.close(() => resolve()));
    },
  };
}

export function authContext(connector: Connector, store: MemoryTokenStore, http: TokenHttp, connectionId: string, now?: () => number): AuthContext {
  const connection = store.load(connectionId);
  if (!connection) throw new Error('test connection missing');
  return { connector, connection, tokens: store, http, ...(now ? { now } : {}) };
}

export { MemoryTokenStore, newConnection };
