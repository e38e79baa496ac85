import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore } from '../../src/store/open-store.js';
import { createHttpClient } from '../../src/http/http-client.js';
import { reauthorizeOnFailure } from '../../src/auth/reauthorize.js';
import type { OAuthTokens } from '../../src/model/connection.js';
import type { PreparedRequest } from '../../src/http/prepared-request.js';
import { completeAuthorization, oauth2Auth, revokeTokens, startAuthorization } from '../../src/auth/oauth2.js';
import { isRuntimeError, type RuntimeError } from '../../src/errors/runtime-error.js';
import { BASIC_CLIENT, POST_CLIENT } from './authorization-server.js';
import { authorizeWithoutBrowser } from './browserless-authorization.js';
import { authContext, MemoryTokenStore, newConnection, startOAuthRig, type OAuthRig } from './oauth-test-rig.js';
import { expression } from './connector-fixture.js';

const REQUEST: PreparedRequest = {
  method: 'GET',
  url: 'http://127.0.0.1/api/me',
  query: {},
  headers: { accept: 'application/json' },
  responseType: 'json',
  timeoutMs: 30_000,
  idempotent: true,
};

/** Runs the whole authorization code flow through the callback server; returns the stored tokens. */
async function connect(rig: OAuthRig, client = POST_CLIENT, def: Parameters<OAuthRig['connector']>[0] = {}): Promise<OAuthTokens> {
  const connector = rig.connector(def);
  const fields = { clientId: client.clientId, clientSecret: client.clientSecret };
  const started = startAuthorization(connector, fields, rig.redirectUri);
  rig.pending.add({ ...started, redirectUri: rig.redirectUri, connector, fields, connectionName: 'main' });
  const before = rig.completed.length;
  const page = await authorizeWithoutBrowser(started.url);
  expect(page.status, page.body).to.equal(200);
  expect(page.body).to.contain('Connected');
  expect(rig.completed).to.have.length(before + 1);
  return rig.completed[rig.completed.length - 1]!.tokens;
}

async function rejection(promise: Promise<unknown>): Promise<RuntimeError> {
  try {
    await promise;
  } catch (e) {
    if (isRuntimeError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('OAuth 2.0 authorization code against a real authorization server', function () {
  let rig: OAuthRig;

  before(async () => {
    rig = await startOAuthRig();
  });
  after(async () => {
    await rig.close();
  });

  describe('authorize URL', () => {
    it('carries response_type, client, redirect, joined scopes, a random state and an S256 PKCE challenge', () => {
      const connector = rig.connector({ scopeSeparator: ',', extraAuthorizeParams: { prompt: 'consent', state: 'attacker', access_type: 'offline' } });
      const a = startAuthorization(connector, { clientId: 'abc', clientSecret: 's' }, rig.redirectUri);
      const b = startAuthorization(connector, { clientId: 'abc', clientSecret: 's' }, rig.redirectUri);
      const url = new URL(a.url);
      expect(url.origin + url.pathname).to.equal(rig.server.authorizeUrl);
      expect(url.searchParams.get('response_type')).to.equal('code');
      expect(url.searchParams.get('client_id')).to.equal('abc');
      expect(url.searchParams.get('redirect_uri')).to.equal(rig.redirectUri);
      expect(url.searchParams.get('scope')).to.equal('openid,offline_access,api:read');
      expect(url.searchParams.get('access_type')).to.equal('offline');
      // Extra parameters never replace the protocol's own.
      expect(url.searchParams.getAll('state')).to.deep.equal([a.state]);
      expect(a.state).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(a.state).to.not.equal(b.state);
      expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
      expect(url.searchParams.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(a.codeVerifier).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(a.url).to.not.contain(a.codeVerifier);
    });

    it('leaves PKCE out when the connector does not use it', () => {
      const a = startAuthorization(rig.connector({ pkce: false }), { clientId: 'abc' }, rig.redirectUri);
      expect(a.codeVerifier).to.equal(undefined);
      expect(new URL(a.url).searchParams.has('code_challenge')).to.equal(false);
    });
  });

  describe('connecting', () => {
    it('completes login, consent and the PKCE code exchange with client authentication in the body', async () => {
      const tokens = await connect(rig);
      expect(tokens.accessToken).to.be.a('string').and.not.equal('');
      expect(tokens.refreshToken).to.be.a('string').and.not.equal('');
      expect(tokens.expiresAt).to.be.within(Date.now() + 250_000, Date.now() + 301_000);
      const introspection = await rig.introspect(tokens.accessToken);
      expect(introspection.active).to.equal(true);
      expect(introspection.client_id).to.equal(POST_CLIENT.clientId);
      expect(rig.completed.at(-1)!.pending.connectionName).to.equal('main');
    });

    it('authenticates the client with HTTP Basic when clientAuth is basic (secret with reserved characters)', async () => {
      const tokens = await connect(rig, BASIC_CLIENT, { clientAuth: 'basic' });
      expect((await rig.introspect(tokens.accessToken)).client_id).to.equal(BASIC_CLIENT.clientId);
    });

    it('refuses a replayed callback: the state is single use', async () => {
      const connector = rig.connector();
      const fields = { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret };
      const started = startAuthorization(connector, fields, rig.redirectUri);
      rig.pending.add({ ...started, redirectUri: rig.redirectUri, connector, fields });
      const first = await authorizeWithoutBrowser(started.url);
      expect(first.status).to.equal(200);
      const replay = await fetch(first.url);
      expect(replay.status).to.equal(400);
      expect(await replay.text()).to.contain('unknown, expired or was already used');
      expect((rig.failures.at(-1) as RuntimeError).code).to.equal('AUTH_STATE_MISMATCH');
    });

    it('refuses a callback whose state was never issued, without calling the token endpoint', async () => {
      const before = rig.server.grants.authorization_code ?? 0;
      const e = await rejection(completeAuthorization(rig.pending, { code: 'abc', state: 'forged' }, rig.http));
      expect(e.code).to.equal('AUTH_STATE_MISMATCH');
      expect(e.actor).to.equal('user');
      expect(rig.server.grants.authorization_code ?? 0).to.equal(before);
    });

    it('reports a denied authorization as AUTH_DENIED and shows it escaped', async () => {
      const connector = rig.connector();
      const fields = { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret };
      const started = startAuthorization(connector, fields, rig.redirectUri);
      rig.pending.add({ ...started, redirectUri: rig.redirectUri, connector, fields });
      const page = await authorizeWithoutBrowser(started.url, 'abort');
      expect(page.status).to.equal(400);
      expect(page.body).to.contain('access_denied');
      const e = rig.failures.at(-1) as RuntimeError;
      expect(e.code).to.equal('AUTH_DENIED');
      expect(e.body).to.deep.include({ error: 'access_denied' });
    });
  });

  describe('using and refreshing tokens', () => {
    it('sends the access token as a Bearer header without changing the request it was given', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const connector = rig.connector();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      const sent = await oauth2Auth.apply({ ...REQUEST, headers: { authorization: 'stale' } }, authContext(connector, store, rig.http, conn.id));
      expect(sent.headers).to.deep.equal({ Authorization: `Bearer ${tokens.accessToken}` });
      expect(REQUEST.headers).to.deep.equal({ accept: 'application/json' });
    });

    it('refreshes ONCE for 20 concurrent requests near expiry, rotating and storing the refresh token', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const connector = rig.connector();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      const refreshesBefore = rig.server.grants.refresh_token ?? 0;
      // Ten minutes from now the 300 s access token is past expiry.
      const later = () => Date.now() + 600_000;
      const sent = await Promise.all(
        Array.from({ length: 20 }, () => oauth2Auth.apply(REQUEST, authContext(connector, store, rig.http, conn.id, later))),
      );
      expect((rig.server.grants.refresh_token ?? 0) - refreshesBefore).to.equal(1);
      expect(rig.server.grants['refresh_token:error'] ?? 0).to.equal(0);
      const stored = store.load(conn.id)!;
      expect(stored.tokenVersion).to.equal(2);
      expect(store.saves).to.equal(1);
      expect(stored.tokens!.accessToken).to.not.equal(tokens.accessToken);
      expect(stored.tokens!.refreshToken).to.be.a('string').and.not.equal(tokens.refreshToken);
      expect(new Set(sent.map((r) => r.headers.Authorization))).to.deep.equal(new Set([`Bearer ${stored.tokens!.accessToken}`]));
      expect((await rig.introspect(stored.tokens!.accessToken)).active).to.equal(true);
    });

    it('after a 401, 20 concurrent refresh calls reach the token endpoint once', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const connector = rig.connector();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      const refreshesBefore = rig.server.grants.refresh_token ?? 0;
      const contexts = Array.from({ length: 20 }, () => authContext(connector, store, rig.http, conn.id));
      await Promise.all(contexts.map((ctx) => oauth2Auth.apply(REQUEST, ctx)));
      const expired = await Promise.all(contexts.map((ctx) => oauth2Auth.isExpired!({ status: 401, headers: {}, body: {} }, ctx)));
      expect(expired.every(Boolean)).to.equal(true);
      const refreshed = await Promise.all(contexts.map((ctx) => oauth2Auth.refresh!(ctx)));
      expect(refreshed.every(Boolean)).to.equal(true);
      expect((rig.server.grants.refresh_token ?? 0) - refreshesBefore).to.equal(1);
      expect(store.load(conn.id)!.tokenVersion).to.equal(2);
      // A request replayed with any of those contexts carries the new token.
      const replayed = await oauth2Auth.apply(REQUEST, contexts[7]!);
      expect(replayed.headers.Authorization).to.equal(`Bearer ${store.load(conn.id)!.tokens!.accessToken}`);
    });

    it('through the HTTP client: a 401 from the API refreshes the token and replays the request once', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      // An API that already considers this access token expired (its clock runs ahead of the server's), while
      // the authorization server still calls it active: only a 401 can tell the runtime.
      const expiredForApi = new Set([tokens.accessToken]);
      const seen: string[] = [];
      const api = createServer((req, res) => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        seen.push(token);
        void rig.introspect(token).then((i) => {
          if (i.active && !expiredForApi.has(token)) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: i.sub }));
          else res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' }).end('{"error":"invalid_token"}');
        });
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      const client = createHttpClient();
      try {
        const ctx = authContext(rig.connector(), store, rig.http, conn.id);
        const unauthenticated = { ...REQUEST, url: `http://127.0.0.1:${(api.address() as AddressInfo).port}/me` };
        const response = await client.send(await oauth2Auth.apply(unauthenticated, ctx), {
          connectorName: 'acme',
          allowedHosts: ['127.0.0.1'],
          allowPrivateNetwork: true,
          onAuthFailure: reauthorizeOnFailure(oauth2Auth, ctx, unauthenticated),
        });
        expect(response.status).to.equal(200);
        expect(response.body).to.deep.equal({ sub: 'alice' });
        const refreshed = store.load(conn.id)!.tokens!;
        expect(seen).to.deep.equal([tokens.accessToken, refreshed.accessToken]);
        expect(store.load(conn.id)!.tokenVersion).to.equal(2);
      } finally {
        client.close();
        api.closeAllConnections();
        await new Promise<void>((resolve) => api.close(() => resolve()));
      }
    });

    it('keeps the old refresh token when the server does not rotate it', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      // A proxy in front of the token endpoint that strips refresh_token from answers, as non-rotating servers do.
      const ctx = authContext(rig.connector(), store, async (request) => {
        const response = await rig.http(request);
        const { refresh_token: _dropped, ...rest } = response.body as Record<string, unknown>;
        return { status: response.status, body: rest };
      }, conn.id, () => Date.now() + 600_000);
      await oauth2Auth.apply(REQUEST, ctx);
      const stored = store.load(conn.id)!;
      expect(stored.tokenVersion).to.equal(2);
      expect(stored.tokens!.accessToken).to.not.equal(tokens.accessToken);
      expect(stored.tokens!.refreshToken).to.equal(tokens.refreshToken);
    });

    it('adopts the tokens another process stored when its compare-and-set loses', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      const theirs: OAuthTokens = { accessToken: 'from-another-process', refreshToken: 'theirs', expiresAt: Date.now() + 3_600_000 };
      const racing = Object.assign(Object.create(store) as MemoryTokenStore, {
        saveTokens(id: string, t: OAuthTokens, expected: number) {
          store.saveTokens(id, theirs, expected); // the other process wins the race
          return store.saveTokens(id, t, expected);
        },
      });
      const ctx = { ...authContext(rig.connector(), store, rig.http, conn.id, () => Date.now() + 600_000), tokens: racing };
      const sent = await oauth2Auth.apply(REQUEST, ctx);
      expect(sent.headers.Authorization).to.equal('Bearer from-another-process');
      expect(store.load(conn.id)!.tokens).to.deep.equal(theirs);
    });

    it('uses newer tokens from the store instead of refreshing with a stale context', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      const staleCtx = authContext(rig.connector(), store, rig.http, conn.id);
      const fresh: OAuthTokens = { accessToken: 'already-refreshed', expiresAt: Date.now() + 3_600_000 };
      expect(store.saveTokens(conn.id, fresh, 1)).to.equal(true);
      const refreshesBefore = rig.server.grants.refresh_token ?? 0;
      const sent = await oauth2Auth.apply(REQUEST, staleCtx);
      expect(sent.headers.Authorization).to.equal('Bearer already-refreshed');
      expect(rig.server.grants.refresh_token ?? 0).to.equal(refreshesBefore);
    });

    it('turns invalid_grant into AUTH_REFRESH_FAILED for the user, without the token in the error', async () => {
      const store = new MemoryTokenStore();
      const bad: OAuthTokens = { accessToken: 'old-access', refreshToken: 'not-a-refresh-token-CANARY', expiresAt: Date.now() - 1000 };
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, bad));
      const e = await rejection(oauth2Auth.apply(REQUEST, authContext(rig.connector(), store, rig.http, conn.id)));
      expect(e.code).to.equal('AUTH_REFRESH_FAILED');
      expect(e.actor).to.equal('user');
      expect(e.message).to.contain('reconnect');
      const shown = `${e.message} ${JSON.stringify(e)} ${inspect(e, { depth: 5 })}`;
      expect(shown).to.not.contain('CANARY');
      expect(shown).to.not.contain(POST_CLIENT.clientSecret);
      expect(store.load(conn.id)!.tokenVersion).to.equal(1);
    });

    it('refuses to send without tokens (AUTH_NOT_CONNECTED) and cannot refresh without a refresh token', async () => {
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId }));
      const ctx = authContext(rig.connector(), store, rig.http, conn.id);
      expect((await rejection(oauth2Auth.apply(REQUEST, ctx))).code).to.equal('AUTH_NOT_CONNECTED');
      store.saveTokens(conn.id, { accessToken: 'only-access' }, 0);
      expect(await oauth2Auth.refresh!(ctx)).to.equal(false);
    });
  });

  describe('with the SQLite connection store as the token store', () => {
    it('refreshes once under concurrency and the next process reads the rotated tokens', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'auth-store-'));
      const store = openStore(dir);
      try {
        const tokens = await connect(rig);
        const fields = { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret };
        // The connection object as an execution loaded it before the tokens arrived: stale on purpose.
        const created = store.connections.create('acme', 'main', fields, ['clientSecret']);
        expect(store.connections.saveTokens(created.id, tokens, 0)).to.equal(true);
        const refreshesBefore = rig.server.grants.refresh_token ?? 0;
        const ctx = () => ({ connector: rig.connector(), connection: created, tokens: store.connections, http: rig.http, now: () => Date.now() + 600_000 });
        const sent = await Promise.all(Array.from({ length: 20 }, () => oauth2Auth.apply(REQUEST, ctx())));
        expect((rig.server.grants.refresh_token ?? 0) - refreshesBefore).to.equal(1);
        store.close(); // idempotent: the finally below closes it again when an assertion failed first

        const reopened = openStore(dir);
        const stored = reopened.connections.get('acme', 'main')!;
        reopened.close();
        expect(stored.tokenVersion).to.equal(2);
        expect(stored.tokens!.refreshToken).to.not.equal(tokens.refreshToken);
        expect(new Set(sent.map((r) => r.headers.Authorization))).to.deep.equal(new Set([`Bearer ${stored.tokens!.accessToken}`]));
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('expiry signals', () => {
    it('counts 401, the declared statuses and the `when` expression as expired', async () => {
      const store = new MemoryTokenStore();
      const connector = rig.connector({ expiry: { statuses: [403], when: expression("body.error = 'invalid_token'") } });
      const conn = store.put(newConnection('acme', { clientId: 'x' }, { accessToken: 'a' }));
      const ctx = authContext(connector, store, rig.http, conn.id);
      const isExpired = (status: number, body: unknown) => oauth2Auth.isExpired!({ status, headers: {}, body }, ctx);
      expect(await isExpired(401, {})).to.equal(true);
      expect(await isExpired(403, {})).to.equal(true);
      expect(await isExpired(400, { error: 'invalid_token' })).to.equal(true);
      expect(await isExpired(400, { error: 'invalid_request' })).to.equal(false);
      expect(await isExpired(404, 'not json')).to.equal(false);
    });
  });

  describe('revoking', () => {
    it('revokes the refresh token, then the access token (RFC 7009): both become inactive', async () => {
      const tokens = await connect(rig);
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }, tokens));
      expect((await rig.introspect(tokens.accessToken)).active).to.equal(true);
      const revoked = await revokeTokens(authContext(rig.connector(), store, rig.http, conn.id));
      expect(revoked).to.deep.equal(['refresh_token', 'access_token']);
      expect((await rig.introspect(tokens.accessToken)).active).to.equal(false);
      expect((await rig.introspect(tokens.refreshToken!)).active).to.equal(false);
    });

    it('revokes with HTTP Basic client authentication', async () => {
      const tokens = await connect(rig, BASIC_CLIENT, { clientAuth: 'basic' });
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: BASIC_CLIENT.clientId, clientSecret: BASIC_CLIENT.clientSecret }, tokens));
      await revokeTokens(authContext(rig.connector({ clientAuth: 'basic' }), store, rig.http, conn.id));
      expect((await rig.introspect(tokens.accessToken)).active).to.equal(false);
    });

    it('needs a revokeUrl', async () => {
      const store = new MemoryTokenStore();
      const conn = store.put(newConnection('acme', { clientId: 'x' }, { accessToken: 'a' }));
      const e = await rejection(revokeTokens(authContext(rig.connector({ revokeUrl: undefined }), store, rig.http, conn.id)));
      expect(e.code).to.equal('AUTH_UNSUPPORTED');
      expect(e.actor).to.equal('author');
    });
  });
});
