import { expect } from 'chai';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { openStore } from '../../src/store/open-store.js';
import { POST_CLIENT, startAuthorizationServer, type AuthorizationServer } from '../auth/authorization-server.js';
import { authorizeWithoutBrowser } from '../auth/browserless-authorization.js';
import { json, startServer, type TestServer } from '../http/test-server.js';
import { eventually, workspace, type Workspace } from './cli-rig.js';

const TEMPLATES = fileURLToPath(new URL('../fixtures/cli-run/oauth-project/connectors/', import.meta.url));

/** A port that was free a moment ago: the authorization server must know the redirect URI before the CLI runs. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('runtime connections with OAuth 2.0 (oidc-provider on 127.0.0.1)', function () {
  let callbackPort: number;
  let auth: AuthorizationServer;
  let api: TestServer;
  let ws: Workspace;
  let projectHolder: Workspace;

  const introspect = async (token: string) =>
    got
      .post(`${auth.issuer}/token/introspection`, {
        form: { token, client_id: POST_CLIENT.clientId, client_secret: POST_CLIENT.clientSecret },
        timeout: { request: 10_000 },
      })
      .json<{ active: boolean; sub?: string }>();

  /** The tokens the store holds for a connection, read the way the runtime reads them. */
  const storedTokens = (connector: string, name: string) => {
    const store = openStore(ws.dataDir);
    try {
      return store.connections.get(connector, name)?.tokens;
    } finally {
      store.close();
    }
  };

  before(async () => {
    callbackPort = await freePort();
    auth = await startAuthorizationServer(`http://127.0.0.1:${callbackPort}/oauth/callback`);
    api = await startServer();
  });
  after(async () => {
    await api.close();
    await auth.close();
  });
  beforeEach(() => {
    projectHolder = workspace();
    const project = path.join(projectHolder.dir, 'project');
    mkdirSync(path.join(project, 'connectors'), { recursive: true });
    for (const file of readdirSync(TEMPLATES)) {
      const text = readFileSync(path.join(TEMPLATES, file), 'utf8').replaceAll('__ISSUER__', auth.issuer).replaceAll('__API__', api.base);
      writeFileSync(path.join(project, 'connectors', file), text);
    }
    ws = workspace(project);
  });
  afterEach(() => {
    ws.remove();
    projectHolder.remove();
  });

  describe('authorization code', () => {
    const startCreate = () =>
      ws.startCli(
        ['connections', 'create', 'idp', '--name', 'me', '--field', `clientId=${POST_CLIENT.clientId}`, '--callback-port', String(callbackPort)],
        { env: { RUNTIME_FIELD_CLIENT_SECRET: POST_CLIENT.clientSecret } },
      );

    it('prints the authorize URL, completes through the local callback, stores tokens, pings, runs, and revokes on delete', async () => {
      const running = startCreate();
      const url = await eventually(() => /^ {2}(http\S+)$/m.exec(running.output.stdout)?.[1], 'the authorize URL');
      expect(url.startsWith(`${auth.issuer}/auth?`)).to.equal(true);
      expect(new URL(url).searchParams.get('redirect_uri')).to.equal(`http://127.0.0.1:${callbackPort}/oauth/callback`);

      const page = await authorizeWithoutBrowser(url);
      expect(page.status, page.body).to.equal(200);
      expect(page.body).to.contain('Connected');
      const run = await running.done;
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('✔ created connection idp/me (authorized)\n✔ connected as alice\n');

      const tokens = storedTokens('idp', 'me');
      expect(tokens?.accessToken).to.be.a('string');
      expect(tokens?.refreshToken).to.be.a('string');
      expect((await introspect(tokens!.accessToken)).active).to.equal(true);

      const show = await ws.cli(['connections', 'show', 'idp', 'me']);
      expect(show.stdout).to.match(/tokens\s+stored, expire \d{4}-\d\d-\d\d /);
      expect(show.stdout).to.match(/status\s+working\n/);
      const whoami = await ws.cli(['run', 'idp.whoami', '--connection', 'me', '--explain']);
      expect(whoami.exitCode, whoami.stderr).to.equal(0);
      expect(JSON.parse(whoami.stdout)).to.deep.equal({ sub: 'alice' });

      const deleted = await ws.cli(['connections', 'delete', 'idp', 'me', '--yes']);
      expect(deleted.exitCode, deleted.stderr).to.equal(0);
      expect(deleted.stdout).to.equal('✔ revoked refresh_token and access_token (RFC 7009)\n✔ deleted connection idp/me\n');
      expect((await introspect(tokens!.accessToken)).active).to.equal(false);

      const everything = [run, show, whoami, deleted].map((r) => r.stdout + r.stderr).join('');
      for (const secret of [POST_CLIENT.clientSecret, tokens!.accessToken, tokens!.refreshToken!]) expect(everything).not.to.contain(secret);
    });

    it('stores nothing when the user denies access, and exits 1', async () => {
      const running = startCreate();
      const url = await eventually(() => /^ {2}(http\S+)$/m.exec(running.output.stdout)?.[1], 'the authorize URL');
      const page = await authorizeWithoutBrowser(url, 'abort');
      expect(page.body).to.contain('Not connected');
      const run = await running.done;
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error AUTH_DENIED: authorization of connection 'idp/me' was not granted: error 'access_denied'");
      expect((await ws.cli(['connections', 'list'])).stdout).to.contain('no connections yet');
    });

    it('says which port is taken when the callback server cannot listen', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      try {
        const run = await ws.cli(['connections', 'create', 'idp', '--name', 'me', '--field', 'clientId=x', '--callback-port', String(port)]);
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain(`error AUTH_CALLBACK_PORT: cannot listen on 127.0.0.1:${port} for the OAuth callback (EADDRINUSE; is \`runtime start\` running there? stop it while connecting): or pass --callback-port <port>`);
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });
  });

  describe('client credentials', () => {
    it('fetches a token at once, stores it, and pings the API with it', async () => {
      const seen: string[] = [];
      api.reset((req, res) => {
        seen.push(String(req.headers.authorization));
        json(res, 200, { login: 'machine' });
      });
      const run = await ws.cli(['connections', 'create', 'machine', '--name', 'svc', '--field', `clientId=${POST_CLIENT.clientId}`], {
        env: { RUNTIME_FIELD_CLIENTSECRET: POST_CLIENT.clientSecret },
      });
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.equal('✔ created connection machine/svc\n✔ connected as machine\n');
      const tokens = storedTokens('machine', 'svc');
      expect(seen).to.deep.equal([`Bearer ${tokens!.accessToken}`]);
      expect((await introspect(tokens!.accessToken)).active).to.equal(true);
      expect(run.stdout + run.stderr).not.to.contain(tokens!.accessToken);
    });

    it('masks a token renewed in the middle of a run: in the printed output and in the execution record', async () => {
      let rejected: string | undefined;
      api.reset((req, res) => {
        const authorization = String(req.headers.authorization);
        if (req.url === '/echo' && rejected === undefined) {
          rejected = authorization; // the token stored at create time is refused once: the run renews it
          json(res, 401, { error: 'token expired' });
          return;
        }
        json(res, 200, req.url === '/echo' ? { authorization } : { login: 'machine' });
      });
      const created = await ws.cli(['connections', 'create', 'machine', '--name', 'svc', '--field', `clientId=${POST_CLIENT.clientId}`], {
        env: { RUNTIME_FIELD_CLIENTSECRET: POST_CLIENT.clientSecret },
      });
      expect(created.exitCode, created.stderr).to.equal(0);
      const before = storedTokens('machine', 'svc')!.accessToken;

      const run = await ws.cli(['run', 'machine.echo', '--connection', 'svc']);
      expect(run.exitCode, run.stderr).to.equal(0);
      const renewed = storedTokens('machine', 'svc')!.accessToken;
      expect(renewed, 'the run renewed the token').to.not.equal(before);
      expect(rejected).to.equal(`Bearer ${before}`);
      expect(run.stdout).to.contain('"authorization": "Bearer [REDACTED]"');
      expect(run.stdout + run.stderr).to.not.contain(renewed);

      const executionId = /execution (\S+)/.exec(run.stderr)![1]!;
      const shown = await ws.cli(['executions', 'show', executionId, '--json']);
      expect(shown.exitCode, shown.stderr).to.equal(0);
      expect(shown.stdout).to.contain('[REDACTED]');
      expect(shown.stdout).to.not.contain(renewed);
    });

    it('keeps the connection as failing when the client secret is wrong', async () => {
      const run = await ws.cli(['connections', 'create', 'machine', '--name', 'svc', '--field', `clientId=${POST_CLIENT.clientId}`], {
        env: { RUNTIME_FIELD_CLIENTSECRET: 'not-the-secret-0000' },
      });
      expect(run.exitCode).to.equal(1);
      expect(run.stdout).to.contain('✖ not working: ');
      expect(run.stdout).to.contain('invalid_client');
      expect(run.stdout + run.stderr).not.to.contain('not-the-secret-0000');
      expect((await ws.cli(['connections', 'list'])).stdout).to.match(/machine\s+svc\s+failing/);
    });
  });
});
