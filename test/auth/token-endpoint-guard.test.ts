// Token endpoints get the same private-address guard as connector requests: a template over connection fields
// must not let a connection point the runtime's token requests at internal services.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';

describe('auth: token endpoint guard', () => {
  let server: http.Server;
  let hits = 0;
  let port = 0;
  before(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"t"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (url: string, allowPrivateNetwork?: boolean) => createTokenHttp({ connectRetries: 0 })({ url, form: { grant_type: 'client_credentials' }, allowPrivateNetwork });

  it('refuses a loopback address, literal or resolved, unless allowed', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const error = await post(`http://${host}:${port}/token`).then(() => undefined, (e: unknown) => e);
      expect(error, host).to.be.instanceOf(RuntimeError);
      expect((error as RuntimeError).code, host).to.equal('HTTP_PRIVATE_ADDRESS');
    }
    expect(hits).to.equal(0);
    expect((await post(`http://127.0.0.1:${port}/token`, true)).body).to.deep.equal({ access_token: 't' });
    expect(hits).to.equal(1);
  });

  it('refuses a URL that is not http(s)', async () => {
    const error = await post('file:///etc/passwd', true).then(() => undefined, (e: unknown) => e);
    expect((error as RuntimeError).code).to.equal('HTTP_HOST_NOT_ALLOWED');
  });
});
