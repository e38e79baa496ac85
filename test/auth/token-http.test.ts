import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { readTokenResponse } from '../../src/auth/token-response.js';
import { isRuntimeError, type RuntimeError } from '../../src/errors/runtime-error.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString(), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
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

const context = (url: string, grant: 'refresh_token' | 'client_credentials' = 'client_credentials') => ({
  url,
  grant,
  connectionLabel: 'acme/main',
  now: 1_000_000,
});

describe('token endpoint client', () => {
  it('posts a form with Accept: application/json and parses JSON and form-encoded answers', async () => {
    const seen: { contentType?: string; accept?: string; body?: string }[] = [];
    let form = false;
    const s = await serve((req, body, res) => {
      seen.push({ contentType: req.headers['content-type'], accept: req.headers.accept, body });
      if (form) {
        res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' }).end('access_token=gho_abc&token_type=bearer&scope=repo');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"at","expires_in":"3600"}');
      }
    });
    try {
      const http = createTokenHttp();
      const json = await http({ url: s.url, allowPrivateNetwork: true, form: { grant_type: 'client_credentials', scope: 'a b' } });
      expect(json).to.deep.equal({ status: 200, body: { access_token: 'at', expires_in: '3600' } });
      expect(readTokenResponse(json, context(s.url))).to.deep.equal({ accessToken: 'at', expiresAt: 1_000_000 + 3_600_000 });
      form = true;
      const encoded = await http({ url: s.url, allowPrivateNetwork: true, form: { grant_type: 'client_credentials' } });
      expect(readTokenResponse(encoded, context(s.url))).to.deep.equal({ accessToken: 'gho_abc', tokenType: 'bearer', scope: 'repo' });
      expect(seen[0]).to.deep.equal({ contentType: 'application/x-www-form-urlencoded', accept: 'application/json', body: 'grant_type=client_credentials&scope=a+b' });
    } finally {
      await s.close();
    }
  });

  it('does not re-send a POST after a 5xx, and classifies it as a temporary operational error', async () => {
    const s = await serve((_req, _body, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily_unavailable"}'));
    try {
      const response = await createTokenHttp()({ url: s.url, allowPrivateNetwork: true, form: { grant_type: 'refresh_token', refresh_token: 'rt' } });
      expect(s.hits()).to.equal(1);
      const e = (() => {
        try {
          readTokenResponse(response, context(s.url, 'refresh_token'));
        } catch (error) {
          return error as RuntimeError;
        }
        throw new Error('expected an error');
      })();
      expect(e.code).to.equal('AUTH_TOKEN_REQUEST');
      expect(e.actor).to.equal('operational');
      expect(e.retryable).to.equal(true);
    } finally {
      await s.close();
    }
  });

  it('treats an error answered with status 200 as an error (GitHub does this)', () => {
    expect(() => readTokenResponse({ status: 200, body: { error: 'bad_verification_code' } }, context('http://x/token'))).to.throw(/bad_verification_code/);
  });

  it('refuses tokens with control characters, which would end up in a header', () => {
    expect(() => readTokenResponse({ status: 200, body: { access_token: 'a\r\nX-Evil: 1' } }, context('http://x/token'))).to.throw(/unusable access_token/);
    expect(() => readTokenResponse({ status: 200, body: { token_type: 'bearer' } }, context('http://x/token'))).to.throw(/without an access_token/);
    expect(() => readTokenResponse({ status: 200, body: 'not json' }, context('http://x/token'))).to.throw(/did not answer a JSON token response/);
  });

  it('stops reading an oversized answer', async () => {
    const s = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"access_token":"${'a'.repeat(200_000)}"}`);
    });
    try {
      const e = await rejection(createTokenHttp({ maxBodyBytes: 64 * 1024 })({ url: s.url, allowPrivateNetwork: true, form: {} }));
      expect(e.code).to.equal('AUTH_TOKEN_REQUEST');
      expect(e.message).to.contain('more than 65536 bytes');
    } finally {
      await s.close();
    }
  });

  it('retries a refused connection, then reports AUTH_TOKEN_NETWORK without form values', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    const e = await rejection(
      createTokenHttp({ connectRetries: 2, connectRetryDelayMs: 1 })({ url: `${url}?x=1`, allowPrivateNetwork: true, form: { client_secret: 'CANARY-secret' } }),
    );
    expect(e.code).to.equal('AUTH_TOKEN_NETWORK');
    expect(e.message).to.contain('ECONNREFUSED');
    expect(e.retryable).to.equal(true);
    expect(e.message).to.not.contain('?x=1');
    expect(`${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`).to.not.contain('CANARY');
  });

  it('gives up after the timeout', async () => {
    const s = await serve(() => undefined); // never answers
    try {
      const e = await rejection(createTokenHttp({ timeoutMs: 200 })({ url: s.url, allowPrivateNetwork: true, form: {} }));
      expect(e.code).to.equal('AUTH_TOKEN_NETWORK');
      expect(e.message).to.contain('ETIMEDOUT');
      expect(s.hits()).to.equal(1);
    } finally {
      await s.close();
    }
  });
});
