// Two runtimes on one data folder (`runtime start` and a `runtime run` beside it) whose connection's tokens expire
// together: only one may spend the refresh token. The token server here rotates refresh tokens and refuses a reused
// one, as providers with reuse detection do; three worker threads (separate isolates, like processes) race.
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { json, startServer, type TestServer } from '../http/test-server.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

const WORKER_URL = new URL('./renewal-lease-worker.ts', import.meta.url).href;

type WorkerResult = { accessToken?: string; version?: number; error?: string };

describe('OAuth 2.0 renewal across processes (store lease)', function () {
  this.timeout(30_000);
  let temp: TempDataDir;
  let tokenServer: TestServer;

  beforeEach(async () => {
    temp = makeTempDataDir();
    tokenServer = await startServer();
  });
  afterEach(async () => {
    await tokenServer.close();
    temp.cleanup();
  });

  it('lets one process refresh while the others wait for its tokens: one token request, one grant kept', async () => {
    const used = new Set<string>();
    let requests = 0;
    tokenServer.reset((_req, res, received) => {
      requests += 1;
      const refreshToken = new URLSearchParams(received.body.toString('utf8')).get('refresh_token') ?? '';
      if (used.has(refreshToken)) {
        json(res, 400, { error: 'invalid_grant', error_description: 'refresh token reused' });
        return;
      }
      used.add(refreshToken);
      const n = used.size;
      // Slow enough that every racer arrives while the first request is still out.
      setTimeout(() => json(res, 200, { access_token: `access-${n}`, token_type: 'bearer', expires_in: 3600, refresh_token: `refresh-${n}` }), 300);
    });

    const key = randomBytes(32).toString('base64');
    const store = temp.open({ env: { RUNTIME_SECRET_KEY: key } });
    const c = store.connections.create('acme', 'main', { clientId: 'client', clientSecret: 'client-secret-value' }, ['clientSecret']);
    store.connections.saveTokens(c.id, { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: Date.now() - 1000 }, 0);

    const workers = [0, 1, 2].map(() => {
      // Workers do not inherit mocha's TypeScript loader: register tsx in the worker, then load the TS module.
      const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
      return new Worker(entry, { eval: true, workerData: { dir: temp.dir, key, connectionId: c.id, tokenUrl: `${tokenServer.base}/token` } });
    });
    try {
      await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      })));
      const results = Promise.all(workers.map((w) => new Promise<WorkerResult>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      })));
      for (const w of workers) w.postMessage('go');
      const got = await results;

      expect(got.map((r) => r.error)).to.deep.equal([undefined, undefined, undefined]);
      expect(requests, 'token requests').to.equal(1);
      expect(got.map((r) => r.accessToken)).to.deep.equal(['access-1', 'access-1', 'access-1']);
      const stored = store.connections.getById(c.id)!;
      expect(stored.tokens).to.include({ accessToken: 'access-1', refreshToken: 'refresh-1' });
      expect(stored.tokenVersion).to.equal(2);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
      store.close();
    }
  });

  it('takes over the lease of a process that died while renewing, once it lapses', () => {
    const store = temp.open({ now: () => clock });
    let clock = 1_000_000;
    const c = store.connections.create('acme', 'main', {}, []);
    expect(store.connections.claimRenewal(c.id, 'dead-process', 60_000)).to.equal(true);
    expect(store.connections.claimRenewal(c.id, 'me', 60_000), 'held by another').to.equal(false);
    expect(store.connections.claimRenewal(c.id, 'dead-process', 60_000), 'its own again').to.equal(true);
    clock += 60_000;
    expect(store.connections.claimRenewal(c.id, 'me', 60_000), 'lapsed').to.equal(true);
    store.connections.releaseRenewal(c.id, 'dead-process'); // not the holder: no effect
    expect(store.connections.claimRenewal(c.id, 'other', 1)).to.equal(false);
    store.connections.releaseRenewal(c.id, 'me');
    expect(store.connections.claimRenewal(c.id, 'other', 1)).to.equal(true);
    expect(store.connections.claimRenewal('no-such-connection', 'me', 1)).to.equal(false);
    store.close();
  });
});
