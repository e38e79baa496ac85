// `runtime test --record`: cases run against a live service (a real server on 127.0.0.1) with a stored connection,
// and the cassettes are written with every secret scrubbed. The fresh cassettes then replay offline, with the
// server closed.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../cli/run-cli.js';
import type { TestServer } from '../http/test-server.js';
import { temporaryDataDir } from './temporary-data-dir.js';
import { copyFixtureProject, FIXTURE_PROJECT, type ProjectCopy } from './project-copy.js';
import { CANARY_KEY, CANARY_TOKEN, startShopApi } from './shop-api.js';

function stable(text: string): string {
  return text.replace(/\(\d+ ms\)/g, '(N ms)').replace(/(\d+ cases?), \d+ ms\)/g, '$1, N ms)');
}

describe('testing: runtime test --record writes scrubbed cassettes', () => {
  let server: TestServer | undefined;
  let project: ProjectCopy | undefined;
  let dataDir: { path: string; remove(): void } | undefined;

  beforeEach(async () => {
    server = await startShopApi();
    project = copyFixtureProject();
    rmSync(path.join(project.root, 'connectors', 'cassettes'), { recursive: true, force: true });
    dataDir = temporaryDataDir();
    const store = openStore(dataDir.path, { env: {} });
    try {
      store.connections.create('shop', 'live', { host: `127.0.0.1:${server.port}`, apiKey: CANARY_KEY }, ['apiKey']);
      const notes = store.connections.create('notes', 'live', { host: `127.0.0.1:${server.port}`, clientId: 'notes-client', clientSecret: 'canary-client-secret-77' }, ['clientSecret']);
      store.connections.saveTokens(notes.id, { accessToken: CANARY_TOKEN, refreshToken: 'canary-refresh-token-91', tokenType: 'Bearer' }, notes.tokenVersion);
    } finally {
      store.close();
    }
  });

  afterEach(async () => {
    await server?.close();
    project?.remove();
    dataDir?.remove();
  });

  const record = (...args: string[]) => runCli(['--project', project!.root, 'test', '--record', ...args, '--data-dir', dataDir!.path], process.cwd(), { env: {} });

  it('records every case, scrubs the key, writes exactly the committed cassettes, and replays them with the server gone', async () => {
    const run = await record('shop', '--connection', 'live');
    expect(run.stderr).to.equal('');
    expect(stable(run.stdout)).to.equal(
      [
        '✔ shop › get item returns the lamp (N ms) recorded 1 interaction in connectors/cassettes/shop/get-item-returns-the-lamp.yaml',
        '✔ shop › create item echoes the name (N ms) recorded 1 interaction in connectors/cassettes/shop/create-item-echoes-the-name.yaml',
        '✔ shop › list items follows every page (N ms) recorded 2 interactions in connectors/cassettes/shop/list-items-follows-every-page.yaml',
        '✔ shop › a missing item is a 404 (N ms) recorded 1 interaction in connectors/cassettes/shop/a-missing-item-is-a-404.yaml',
        '✔ shop › authping labels the connection (N ms) recorded 1 interaction in connectors/cassettes/shop/authping-labels-the-connection.yaml',
        '✔ shop › polling returns new items and the next cursor (N ms) recorded 1 interaction in connectors/cassettes/shop/polling-returns-new-items-and-the-next-cursor.yaml',
        '✔ shop › register returns the hook id and secret (N ms) recorded 1 interaction in connectors/cassettes/shop/register-returns-the-hook-id-and-secret.yaml',
        // Webhook deliveries send no HTTP request: no cassette is written for them.
        '✔ shop › a signed delivery stores its items (N ms)',
        '✔ shop › an unsigned delivery is refused (N ms)',
        '9 passed, 0 failed (9 cases, N ms)',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).to.equal(0);
    // The key went to the server in a header and the query on every request...
    expect(server!.received.length).to.equal(8);
    for (const request of server!.received) expect(request.url).to.include(`key=${CANARY_KEY}`);

    const dir = path.join(project!.root, 'connectors', 'cassettes', 'shop');
    const written = readdirSync(dir).sort();
    const committed = readdirSync(path.join(FIXTURE_PROJECT, 'connectors', 'cassettes', 'shop')).sort();
    expect(written).to.deep.equal(committed);
    for (const file of written) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      // ...and never into a cassette, though the service echoed it in a body and a Link header.
      expect(text, file).not.to.include(CANARY_KEY);
      expect(text, file).not.to.include('127.0.0.1');
      // Stable output: the same recording twice is the same text (nothing time- or port-dependent).
      expect(text, file).to.equal(readFileSync(path.join(FIXTURE_PROJECT, 'connectors', 'cassettes', 'shop', file), 'utf8'));
    }
    expect(readFileSync(path.join(dir, 'authping-labels-the-connection.yaml'), 'utf8')).to.include('key: <SECRET:apiKey>');

    await server!.close();
    server = undefined;
    const replay = await runCli(['--project', project!.root, 'test', 'shop'], process.cwd(), { env: {} });
    expect(stable(replay.stdout)).to.match(/9 passed, 0 failed \(9 cases, N ms\)\n$/);
    expect(replay.exitCode).to.equal(0);
  });

  it('records an OAuth connector with its stored tokens and scrubs the token the service echoes', async () => {
    const run = await record('notes', '--connection', 'live');
    expect(stable(run.stdout)).to.include('✔ notes › whoami sees the bearer token (N ms) recorded 1 interaction in connectors/cassettes/notes/whoami-sees-the-bearer-token.yaml');
    expect(run.exitCode).to.equal(0);
    const text = readFileSync(path.join(project!.root, 'connectors', 'cassettes', 'notes', 'whoami-sees-the-bearer-token.yaml'), 'utf8');
    expect(text).not.to.include(CANARY_TOKEN);
    expect(text).not.to.include('canary');
    expect(text).to.include('token: Bearer <SECRET:accessToken>');

    await server!.close();
    server = undefined;
    const replay = await runCli(['--project', project!.root, 'test', 'notes'], process.cwd(), { env: {} });
    expect(stable(replay.stdout)).to.equal(['✔ notes › whoami sees the bearer token (N ms)', '1 passed, 0 failed (1 case, N ms)', ''].join('\n'));
    expect(replay.exitCode).to.equal(0);
  });

  it('records only the named case', async () => {
    const run = await record('shop', '--case', 'authping labels the connection', '--connection', 'live');
    expect(run.exitCode).to.equal(0);
    expect(readdirSync(path.join(project!.root, 'connectors', 'cassettes', 'shop'))).to.deep.equal(['authping-labels-the-connection.yaml']);
    expect(server!.received.map((r) => r.url.split('?')[0])).to.deep.equal(['/api/me']);
  });

  it('reports a failing live expectation and still writes the recording', async () => {
    project!.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: authping says bob
    system: authping
    expect: { outputs: { label: bob } }
`,
    );
    const run = await record('shop', '--connection', 'live');
    expect(stable(run.stdout)).to.equal(
      [
        '✖ shop › authping says bob (N ms) recorded 1 interaction in connectors/cassettes/shop/authping-says-bob.yaml',
        '    expected outputs.label "bob", got "ada"',
        '0 passed, 1 failed (1 case, N ms)',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).to.equal(1);
    expect(existsSync(path.join(project!.root, 'connectors', 'cassettes', 'shop', 'authping-says-bob.yaml'))).to.equal(true);
  });

  it('exits 2 without a connection, with an unknown one, or with several connectors', async () => {
    const missing = await record('shop');
    expect(missing.stderr).to.equal('error: --record needs --connection <name>: the stored connection of shop to call the service with\n');
    expect(missing.exitCode).to.equal(2);
    const unknown = await record('shop', '--connection', 'nope');
    expect(unknown.stderr).to.equal("error: no connection 'nope' for connector shop (known: live)\n");
    expect(unknown.exitCode).to.equal(2);
    const several = await record('--connection', 'live');
    expect(several.stderr).to.equal('error: --record records one connector at a time: name it (runtime test --record <connector>); these have cases: notes, shop\n');
    expect(several.exitCode).to.equal(2);
    expect(server!.received).to.deep.equal([]);
  });
});
