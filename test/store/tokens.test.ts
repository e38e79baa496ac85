import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { makeTempDataDir, type TempDataDir } from './temp-data-dir.js';

const WORKER_URL = new URL('./token-cas-worker.ts', import.meta.url).href;

describe('store: OAuth tokens (compare-and-set)', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('stores tokens encrypted, bumps the version, and erases them', () => {
    const store = temp.open();
    const c = store.connections.create('github', 'gh', { clientId: 'id', clientSecret: 'client-secret-value' }, ['clientSecret']);
    const tokens = { accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'bearer', expiresAt: 1_800_000_000_000.4, scope: 'repo' };
    expect(store.connections.saveTokens(c.id, tokens, 0)).to.equal(true);
    const loaded = store.connections.getById(c.id)!;
    expect(loaded.tokens).to.deep.equal(tokens);
    expect(loaded.tokenVersion).to.equal(1);
    const [summary] = store.connections.list();
    expect(summary).to.include({ hasTokens: true, tokenExpiresAt: 1_800_000_000_000, tokenVersion: 1 });

    expect(store.connections.saveTokens(c.id, undefined, 1)).to.equal(true);
    const erased = store.connections.load(c.id)!;
    expect(erased.tokens).to.equal(undefined);
    expect(erased.tokenVersion).to.equal(2);
    expect(store.connections.saveTokens('no-such-id', tokens, 0)).to.equal(false);
  });

  it('lets exactly one of two writers with the same expected version win', () => {
    const env = { RUNTIME_SECRET_KEY: randomBytes(32).toString('base64') };
    const a = temp.open({ env });
    const b = temp.open({ env });
    const c = a.connections.create('github', 'gh', {}, []);
    const seenByA = a.connections.getById(c.id)!;
    const seenByB = b.connections.getById(c.id)!;
    expect(a.connections.saveTokens(c.id, { accessToken: 'from-a', refreshToken: 'rotated-a' }, seenByA.tokenVersion)).to.equal(true);
    expect(b.connections.saveTokens(c.id, { accessToken: 'from-b', refreshToken: 'rotated-b' }, seenByB.tokenVersion)).to.equal(false);
    const now = b.connections.getById(c.id)!;
    expect(now.tokens?.refreshToken).to.equal('rotated-a');
    expect(now.tokenVersion).to.equal(1);
  });

  it('never lets two racing threads both win the same version', async () => {
    const key = randomBytes(32).toString('base64');
    const store = temp.open({ env: { RUNTIME_SECRET_KEY: key } });
    const c = store.connections.create('github', 'gh', {}, []);
    const until = 200;
    const results = await Promise.all([0, 1, 2, 3].map((worker) => new Promise<number[]>((resolve, reject) => {
      // Workers do not inherit mocha's TypeScript loader: register tsx in the worker, then load the TS module.
      const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
      const w = new Worker(entry, { eval: true, workerData: { dir: temp.dir, key, connectionId: c.id, worker, until } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    const wins = results.flat().sort((x, y) => x - y);
    // Every version from 1 to `until` was won by exactly one thread.
    expect(wins).to.deep.equal(Array.from({ length: until }, (_, i) => i + 1));
    const final = store.connections.getById(c.id)!;
    expect(final.tokenVersion).to.equal(until);
    expect(final.tokens?.accessToken).to.match(new RegExp(`^w[0-3]-v${until}$`));
  });
});
