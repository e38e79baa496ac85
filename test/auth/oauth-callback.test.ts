import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PendingAuthorizations } from '../../src/auth/pending-authorizations.js';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { createOAuthCallbackHandler, escapeHtml } from '../../src/server/oauth-callback.js';
import { connectorWithAuth, oauth2 } from './connector-fixture.js';

describe('OAuth callback route', () => {
  let server: Server;
  let base: string;
  let tokenServer: Server;
  let tokenUrl: string;
  const pending = new PendingAuthorizations();
  const received: string[] = [];
  let failOnTokens = false;

  before(async () => {
    // A token endpoint that issues a token for any code.
    tokenServer = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"at-1","token_type":"Bearer"}'));
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
    server = createServer(
      createOAuthCallbackHandler({
        pending,
        http: createTokenHttp(),
        onTokens: (p, tokens) => {
          if (failOnTokens) throw new Error('store is down');
          received.push(`${p.connectionName}:${tokens.accessToken}`);
        },
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const s of [server, tokenServer]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  function addPending(state: string, connectionName = '<b>main</b>') {
    const connector = connectorWithAuth(oauth2({ authorizeUrl: 'http://127.0.0.1/authorize', tokenUrl }));
    pending.add({ state, redirectUri: `${base}/oauth/callback`, connector, fields: { clientId: 'c' }, connectionName });
  }

  it('completes a pending authorization, hands over the tokens and answers an escaped page', async () => {
    addPending('s-ok');
    const res = await fetch(`${base}/oauth/callback?code=abc&state=s-ok`);
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html).to.contain('You can close this tab.');
    expect(html).to.contain('&#60;b&#62;main&#60;/b&#62;');
    expect(html).to.not.contain('<b>main');
    expect(received).to.deep.equal(['<b>main</b>:at-1']);
  });

  it('escapes what the authorization server sends back in an error', async () => {
    addPending('s-denied');
    const res = await fetch(`${base}/oauth/callback?state=s-denied&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cimg%20src%3Dx%3E`);
    const html = await res.text();
    expect(res.status).to.equal(400);
    expect(html).to.not.match(/<script|<img/i);
    expect(html).to.contain('&#60;script&#62;');
  });

  it('answers an error page when storing the tokens fails', async () => {
    addPending('s-store');
    failOnTokens = true;
    try {
      const res = await fetch(`${base}/oauth/callback?code=abc&state=s-store`);
      expect(res.status).to.equal(500);
      expect(await res.text()).to.contain('Something went wrong');
    } finally {
      failOnTokens = false;
    }
  });

  it('answers 404 elsewhere and 405 for other methods', async () => {
    expect((await fetch(`${base}/other`)).status).to.equal(404);
    const post = await fetch(`${base}/oauth/callback?code=a&state=b`, { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.headers.get('allow')).to.equal('GET');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).to.equal('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
