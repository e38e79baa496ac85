// A real OAuth 2.0 authorization server for the auth tests: oidc-provider on 127.0.0.1 with an ephemeral port,
// refresh token rotation, PKCE required, client credentials, revocation and introspection. It counts the
// outcomes of its token endpoint so tests can assert how many refreshes actually happened.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const POST_CLIENT = { clientId: 'runtime-post', clientSecret: 'post-secret-0123456789abcdef' };
/** Characters that must be form-encoded before HTTP Basic client authentication (RFC 6749 section 2.3.1). */
export const BASIC_CLIENT = { clientId: 'runtime-basic', clientSecret: 'b@sic:secret/+ 0123456789' };

export interface AuthorizationServer {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  introspectUrl: string;
  /** Token endpoint outcomes counted by the provider: `refresh_token` successes, `refresh_token:error` failures. */
  grants: Record<string, number>;
  close(): Promise<void>;
}

export async function startAuthorizationServer(redirectUri: string): Promise<AuthorizationServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const common = {
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    scope: 'openid offline_access api:read',
  };
  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: POST_CLIENT.clientId, client_secret: POST_CLIENT.clientSecret, token_endpoint_auth_method: 'client_secret_post' },
      { ...common, client_id: BASIC_CLIENT.clientId, client_secret: BASIC_CLIENT.clientSecret, token_endpoint_auth_method: 'client_secret_basic' },
    ],
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, async claims() { return { sub: id }; } };
    },
    scopes: ['openid', 'offline_access', 'api:read'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }, code: { scopes: Set<string> }) {
      return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
    },
    ttl: { AccessToken: 300, ClientCredentials: 300, AuthorizationCode: 60, RefreshToken: 3600, Grant: 3600, Interaction: 600, Session: 3600, IdToken: 300 },
    cookies: { keys: ['auth-test-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      // Any registered client may revoke or introspect its own tokens (the tests' introspection uses one client).
      revocation: { enabled: true, allowedPolicy: async () => true },
      introspection: { enabled: true, allowedPolicy: async () => true },
    },
  });

  const grants: Record<string, number> = {};
  provider.on('grant.success', (ctx) => {
    const grant = String(ctx.oidc.params?.grant_type);
    grants[grant] = (grants[grant] ?? 0) + 1;
  });
  provider.on('grant.error', (ctx) => {
    const grant = `${String(ctx.oidc.params?.grant_type)}:error`;
    grants[grant] = (grants[grant] ?? 0) + 1;
  });
  provider.on('server_error', (_ctx, error) => {
    console.error('authorization server error', error);
  });

  server.on('request', provider.callback());

  return {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revokeUrl: `${issuer}/token/revocation`,
    introspectUrl: `${issuer}/token/introspection`,
    grants,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
