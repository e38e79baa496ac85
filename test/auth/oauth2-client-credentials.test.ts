import { expect } from 'chai';
import type { PreparedRequest } from '../../src/http/prepared-request.js';
import { clientCredentials, oauth2Auth } from '../../src/auth/oauth2.js';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import { BASIC_CLIENT, POST_CLIENT } from './authorization-server.js';
import { authContext, MemoryTokenStore, newConnection, startOAuthRig, type OAuthRig } from './oauth-test-rig.js';

const REQUEST: PreparedRequest = {
  method: 'POST',
  url: 'http://127.0.0.1/api/items',
  query: {},
  headers: {},
  responseType: 'json',
  timeoutMs: 30_000,
  idempotent: false,
};

describe('OAuth 2.0 client credentials against a real authorization server', function () {
  let rig: OAuthRig;

  before(async () => {
    rig = await startOAuthRig();
  });
  after(async () => {
    await rig.close();
  });

  it('requests a token on first use, stores it, and reuses it until it nears expiry', async () => {
    const connector = rig.connector({ grant: 'client_credentials', scopes: ['api:read'] });
    const store = new MemoryTokenStore();
    const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }));
    const grantsBefore = rig.server.grants.client_credentials ?? 0;

    const first = await oauth2Auth.apply(REQUEST, authContext(connector, store, rig.http, conn.id));
    const stored = store.load(conn.id)!;
    expect(stored.tokenVersion).to.equal(1);
    expect(first.headers.Authorization).to.equal(`Bearer ${stored.tokens!.accessToken}`);
    expect(stored.tokens!.refreshToken).to.equal(undefined);
    const introspection = await rig.introspect(stored.tokens!.accessToken);
    expect(introspection.active).to.equal(true);
    expect(introspection.scope).to.equal('api:read');

    const again = await oauth2Auth.apply(REQUEST, authContext(connector, store, rig.http, conn.id));
    expect(again.headers.Authorization).to.equal(first.headers.Authorization);
    expect((rig.server.grants.client_credentials ?? 0) - grantsBefore).to.equal(1);

    const later = await clientCredentials(authContext(connector, store, rig.http, conn.id, () => Date.now() + 600_000));
    expect(later.accessToken).to.not.equal(stored.tokens!.accessToken);
    expect(store.load(conn.id)!.tokenVersion).to.equal(2);
    expect((rig.server.grants.client_credentials ?? 0) - grantsBefore).to.equal(2);
  });

  it('asks once for 20 concurrent first requests', async () => {
    const connector = rig.connector({ grant: 'client_credentials', scopes: ['api:read'] });
    const store = new MemoryTokenStore();
    const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: POST_CLIENT.clientSecret }));
    const grantsBefore = rig.server.grants.client_credentials ?? 0;
    const sent = await Promise.all(Array.from({ length: 20 }, () => oauth2Auth.apply(REQUEST, authContext(connector, store, rig.http, conn.id))));
    expect((rig.server.grants.client_credentials ?? 0) - grantsBefore).to.equal(1);
    expect(new Set(sent.map((r) => r.headers.Authorization)).size).to.equal(1);
  });

  it('re-requests after a 401 (there is no refresh token in this grant)', async () => {
    const connector = rig.connector({ grant: 'client_credentials', scopes: ['api:read'], clientAuth: 'basic' });
    const store = new MemoryTokenStore();
    const conn = store.put(newConnection('acme', { clientId: BASIC_CLIENT.clientId, clientSecret: BASIC_CLIENT.clientSecret }));
    const ctx = authContext(connector, store, rig.http, conn.id);
    const first = await oauth2Auth.apply(REQUEST, ctx);
    expect(await oauth2Auth.isExpired!({ status: 401, headers: {}, body: undefined }, ctx)).to.equal(true);
    expect(await oauth2Auth.refresh!(ctx)).to.equal(true);
    const second = await oauth2Auth.apply(REQUEST, ctx);
    expect(second.headers.Authorization).to.not.equal(first.headers.Authorization);
    expect(store.load(conn.id)!.tokenVersion).to.equal(2);
    expect((await rig.introspect(store.load(conn.id)!.tokens!.accessToken)).client_id).to.equal(BASIC_CLIENT.clientId);
  });

  it('reports a wrong client secret as AUTH_TOKEN_REQUEST for the user, without the secret', async () => {
    const connector = rig.connector({ grant: 'client_credentials', scopes: ['api:read'] });
    const store = new MemoryTokenStore();
    const conn = store.put(newConnection('acme', { clientId: POST_CLIENT.clientId, clientSecret: 'wrong-secret-CANARY' }));
    try {
      await oauth2Auth.apply(REQUEST, authContext(connector, store, rig.http, conn.id));
      expect.fail('expected a rejection');
    } catch (e) {
      if (!isRuntimeError(e)) throw e;
      expect(e.code).to.equal('AUTH_TOKEN_REQUEST');
      expect(e.actor).to.equal('user');
      expect(e.message).to.contain("error 'invalid_client'");
      expect(`${e.message} ${JSON.stringify(e)}`).to.not.contain('CANARY');
    }
    expect(store.load(conn.id)!.tokenVersion).to.equal(0);
  });
});
