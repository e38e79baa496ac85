import { expect } from 'chai';
import type { PreparedRequest } from '../../src/http/prepared-request.js';
import type { AuthDef } from '../../src/model/model.js';
import { AUTH_SCHEMES, authSchemeFor } from '../../src/auth/schemes.js';
import { basicAuthorization } from '../../src/auth/basic.js';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { isRuntimeError, type RuntimeError } from '../../src/errors/runtime-error.js';
import { connectorWithAuth, template } from './connector-fixture.js';
import { MemoryTokenStore, newConnection } from './memory-token-store.js';

const REQUEST: PreparedRequest = {
  method: 'GET',
  url: 'http://127.0.0.1/api/users',
  query: { page: '2' },
  headers: { accept: 'application/json' },
  responseType: 'json',
  timeoutMs: 30_000,
  idempotent: true,
};

function apply(auth: AuthDef, fields: Record<string, unknown>, request = REQUEST): Promise<PreparedRequest> {
  const store = new MemoryTokenStore();
  const connection = store.put(newConnection('acme', fields));
  return authSchemeFor(auth).apply(request, { connector: connectorWithAuth(auth), connection, tokens: store, http: createTokenHttp() });
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

describe('auth schemes: none, basic, custom', () => {
  it('registers one scheme per auth type', () => {
    expect(Object.keys(AUTH_SCHEMES).sort()).to.deep.equal(['basic', 'custom', 'none', 'oauth2']);
  });

  it('none sends the request as rendered', async () => {
    expect(await apply({ type: 'none' }, {})).to.deep.equal(REQUEST);
  });

  describe('basic', () => {
    it('builds the exact RFC 7617 header, UTF-8 encoded', async () => {
      expect(basicAuthorization('Aladdin', 'open sesame')).to.equal('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
      const sent = await apply({ type: 'basic' }, { username: 'test', password: '123£' });
      expect(sent.headers).to.deep.equal({ accept: 'application/json', Authorization: 'Basic dGVzdDoxMjPCow==' });
      expect(sent.query).to.deep.equal({ page: '2' });
      expect(REQUEST.headers).to.deep.equal({ accept: 'application/json' });
    });

    it('replaces an Authorization header in another letter case instead of sending two', async () => {
      const sent = await apply({ type: 'basic' }, { username: 'u', password: 'p' }, { ...REQUEST, headers: { AUTHORIZATION: 'x' } });
      expect(sent.headers).to.deep.equal({ Authorization: basicAuthorization('u', 'p') });
    });

    it('allows an empty password but not a missing username or one with a colon', async () => {
      expect((await apply({ type: 'basic' }, { username: 'u' })).headers.Authorization).to.equal('Basic dTo=');
      const missing = await rejection(apply({ type: 'basic' }, { password: 'secret-CANARY' }));
      expect(missing.code).to.equal('AUTH_FIELD_MISSING');
      expect(missing.message).to.contain("'username'");
      const colon = await rejection(apply({ type: 'basic' }, { username: 'a:b', password: 'secret-CANARY' }));
      expect(colon.code).to.equal('AUTH_FIELD_INVALID');
      expect(colon.actor).to.equal('user');
      expect(colon.message + missing.message).to.not.contain('CANARY');
    });
  });

  describe('custom', () => {
    const auth: AuthDef = {
      type: 'custom',
      headers: { Authorization: template('SSWS {{connection.apiToken}}'), 'X-Org': template('{{connection.org}}') },
      query: { api_key: template('{{connection.key}}') },
    };

    it('renders header and query templates with every connection field, secrets included', async () => {
      const sent = await apply(auth, { apiToken: 'tok-123', org: 'acme', key: 'k&v=1' });
      expect(sent.headers).to.deep.equal({ accept: 'application/json', Authorization: 'SSWS tok-123', 'X-Org': 'acme' });
      expect(sent.query).to.deep.equal({ page: '2', api_key: 'k&v=1' });
    });

    it('refuses a header value with CR or LF (header injection) and names the header, not the value', async () => {
      for (const apiToken of ['abc\r\nX-Injected: 1', 'abc\ndef', 'abc\rdef']) {
        const e = await rejection(apply(auth, { apiToken: `${apiToken}-CANARY`, org: 'o', key: 'k' }));
        expect(e.code).to.equal('AUTH_HEADER_INVALID');
        expect(e.actor).to.equal('user');
        expect(e.message).to.contain("'Authorization'");
        expect(e.message).to.not.contain('CANARY');
      }
    });

    it('blames the author when the template text itself holds the line break', async () => {
      const literal: AuthDef = { type: 'custom', headers: { 'X-Bad': template('a\nb') }, query: {} };
      const e = await rejection(apply(literal, {}));
      expect(e.code).to.equal('AUTH_HEADER_INVALID');
      expect(e.actor).to.equal('author');
      expect(e.origin).to.deep.include({ file: 'connectors/test.yaml' });
    });
  });
});
