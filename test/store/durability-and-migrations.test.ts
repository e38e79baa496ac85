import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import { MIGRATIONS, applyMigrations } from '../../src/store/migrations.js';
import { makeTempDataDir, type TempDataDir } from './temp-data-dir.js';

const CANARY = 'canary-durable-5e6f7a8b';

describe('store: durability and migrations', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('finds everything again after close and reopen', async () => {
    let clock = 5_000;
    const first = temp.open({ now: () => clock });
    const c = first.connections.create('acme', 'main', { subdomain: 'ex', apiKey: CANARY }, ['apiKey']);
    first.connections.updateStatus(c.id, 'working', 'alice');
    first.connections.saveTokens(c.id, { accessToken: 'at', refreshToken: 'rt', expiresAt: 9_000 }, 0);
    const file = await first.files.put(Buffer.from('file body'), { name: 'f.txt', contentType: 'text/plain' });
    const exec = first.executions.start({ kind: 'action', target: 'acme.get', connection: 'main', input: { q: 1 } });
    first.executions.step(exec, { kind: 'request', status: 'succeeded', startedAt: 1, endedAt: 2, output: { ok: true } });
    first.executions.finish(exec, 'succeeded', { ok: true });
    first.dynamicFieldsCache.put(c.id, 'get', { a: 1 }, { fields: 1 }, 10_000);
    // No explicit flush: close writes what is batched.
    first.close();

    const second = temp.open({ now: () => clock });
    const loaded = second.connections.get('acme', 'main')!;
    expect(loaded).to.deep.include({ id: c.id, status: 'working', label: 'alice', tokenVersion: 1, createdAt: 5_000 });
    expect(loaded.fields).to.deep.equal({ subdomain: 'ex', apiKey: CANARY });
    expect(loaded.tokens).to.deep.equal({ accessToken: 'at', refreshToken: 'rt', expiresAt: 9_000 });
    expect((await second.files.read(file)).toString()).to.equal('file body');
    const shown = second.executions.show(exec)!;
    expect(shown).to.deep.include({ status: 'succeeded', input: { q: 1 }, output: { ok: true }, stepCount: 1 });
    expect(shown.steps[0]?.output).to.deep.equal({ ok: true });
    expect(second.dynamicFieldsCache.get(c.id, 'get', { a: 1 })).to.deep.equal({ fields: 1 });
  });

  it('leaves the database in WAL mode at the current schema version', () => {
    temp.open().close();
    const db = new Database(path.join(temp.dir, 'runtime.db'), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(db.pragma('user_version', { simple: true })).to.equal(MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it('applies migrations once: reopening and re-running change nothing', () => {
    temp.open().close();
    temp.open().close();
    const db = new Database(path.join(temp.dir, 'runtime.db'));
    try {
      expect(applyMigrations(db)).to.equal(0);
      expect(db.pragma('user_version', { simple: true })).to.equal(MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a database has not seen, in order', () => {
    const db = new Database(':memory:');
    try {
      const m1 = 'CREATE TABLE a (x INTEGER) STRICT;';
      const m2 = 'CREATE TABLE b (y INTEGER) STRICT; INSERT INTO a VALUES (1);';
      expect(applyMigrations(db, [m1])).to.equal(1);
      expect(applyMigrations(db, [m1, m2])).to.equal(1);
      expect(applyMigrations(db, [m1, m2])).to.equal(0);
      expect(db.prepare('SELECT count(*) AS n FROM a').get()).to.deep.equal({ n: 1 });
      expect(db.pragma('user_version', { simple: true })).to.equal(2);
    } finally {
      db.close();
    }
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(':memory:');
    try {
      const bad = 'CREATE TABLE c (x INTEGER); INSERT INTO no_such_table VALUES (1);';
      expect(() => applyMigrations(db, ['CREATE TABLE a (x INTEGER);', bad])).to.throw(/no such table/);
      expect(db.pragma('user_version', { simple: true })).to.equal(1);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).to.deep.equal({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer runtime', () => {
    temp.open().close();
    const db = new Database(path.join(temp.dir, 'runtime.db'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    let code = '';
    try {
      temp.open();
    } catch (e) {
      code = isRuntimeError(e) ? e.code : '';
    }
    expect(code).to.equal('STORE_SCHEMA_NEWER');
  });

  it('runs a synchronous function in one transaction, rolling back on a throw', () => {
    const store = temp.open();
    expect(() => store.transaction(() => {
      store.connections.create('acme', 'one', {}, []);
      throw new Error('abort');
    })).to.throw('abort');
    expect(store.connections.list()).to.deep.equal([]);
    store.transaction(() => {
      store.connections.create('acme', 'one', {}, []);
      store.connections.create('acme', 'two', {}, []);
    });
    expect(store.connections.list().map((c) => c.name)).to.deep.equal(['one', 'two']);
  });
});
