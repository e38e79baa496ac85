import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isRuntimeError } from '../../src/errors/runtime-error.js';
import type { DesiredRegistration } from '../../src/store/event-store.js';
import { makeTempDataDir, rawDatabaseBytes, type TempDataDir } from '../store/temp-data-dir.js';

const CANARY = 'canary-hook-signing-9c8d7e6f';
const desired: DesiredRegistration = { flow: 'on_issue', connector: 'github', card: 'issue_opened', connection: 'main', optionsHash: 'h1' };

describe('store events: webhook registrations', () => {
  let temp: TempDataDir;
  let clock: number;
  beforeEach(() => {
    temp = makeTempDataDir();
    clock = 50_000;
  });
  afterEach(() => temp.cleanup());
  const open = () => temp.open({ now: () => clock });

  it('creates a pending registration with an unguessable token and a secret, found by token', () => {
    const store = open();
    const r = store.registrations.upsertDesired(desired);
    expect(r).to.deep.include({ ...desired, status: 'pending', attempts: 0, updatedAt: clock });
    expect(r.callbackToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(r.secret).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(r).to.not.have.property('output');
    expect(store.registrations.byToken(r.callbackToken)).to.deep.equal(r);
    expect(store.registrations.get('on_issue')).to.deep.equal(r);
    expect(store.registrations.byToken('x'.repeat(43))).to.equal(undefined);
    expect(store.registrations.byToken('../../etc/passwd')).to.equal(undefined);
  });

  it('keeps token and secret while nothing changed, and makes new ones when the options change', () => {
    const store = open();
    const first = store.registrations.upsertDesired(desired);
    store.registrations.markActive('on_issue', { hookId: 42 }, 90_000);
    const same = store.registrations.upsertDesired({ ...desired });
    expect(same).to.deep.include({ callbackToken: first.callbackToken, secret: first.secret, status: 'active', output: { hookId: 42 } });

    for (const change of [{ optionsHash: 'h2' }, { connection: 'other' }, { card: 'pr_opened' }]) {
      const before = store.registrations.get('on_issue')!;
      const changed = store.registrations.upsertDesired({ ...desired, ...change });
      expect(changed.callbackToken).to.not.equal(before.callbackToken);
      expect(changed.secret).to.not.equal(before.secret);
      expect(changed).to.deep.include({ ...desired, ...change, status: 'pending', attempts: 0 });
      expect(changed).to.not.have.property('output');
      expect(store.registrations.byToken(before.callbackToken)).to.equal(undefined);
    }
  });

  it('moves through active, failed and deregistering; the token resolves until removed', () => {
    const store = open();
    const r = store.registrations.upsertDesired(desired);
    clock += 10;
    expect(store.registrations.markFailed('on_issue', { code: 'HTTP_STATUS', message: '401 from github' }, clock + 30_000)).to.equal(true);
    expect(store.registrations.markFailed('on_issue', { code: 'HTTP_STATUS', message: '401 again' }, clock + 60_000)).to.equal(true);
    expect(store.registrations.get('on_issue')).to.deep.include({
      status: 'failed', attempts: 2, nextAttemptAt: clock + 60_000, lastError: { code: 'HTTP_STATUS', message: '401 again' },
    });
    clock += 10;
    expect(store.registrations.markActive('on_issue', { hookId: 7 }, clock + 7 * 86_400_000)).to.equal(true);
    const active = store.registrations.get('on_issue')!;
    expect(active).to.deep.include({ status: 'active', attempts: 0, registeredAt: clock, expiresAt: clock + 7 * 86_400_000, output: { hookId: 7 } });
    expect(active).to.not.have.property('lastError');
    expect(active).to.not.have.property('nextAttemptAt');

    expect(store.registrations.markDeregistering('on_issue')).to.equal(true);
    expect(store.registrations.byToken(r.callbackToken)?.status).to.equal('deregistering');
    expect(store.registrations.byToken(r.callbackToken)?.output).to.deep.equal({ hookId: 7 });
    expect(store.registrations.remove('on_issue')).to.equal(true);
    expect(store.registrations.byToken(r.callbackToken)).to.equal(undefined);
    expect(store.registrations.markActive('on_issue', {})).to.equal(false);
    expect(store.registrations.markDeregistering('on_issue')).to.equal(false);
    expect(store.registrations.remove('on_issue')).to.equal(false);
  });

  it('lists registrations by flow name and survives reopening', () => {
    const store = open();
    store.registrations.upsertDesired({ ...desired, flow: 'b_flow' });
    const a = store.registrations.upsertDesired({ ...desired, flow: 'a_flow' });
    store.registrations.markActive('a_flow', { hookId: 1 });
    store.close();
    const reopened = open();
    expect(reopened.registrations.list().map((r) => r.flow)).to.deep.equal(['a_flow', 'b_flow']);
    expect(reopened.registrations.get('a_flow')).to.deep.include({ secret: a.secret, output: { hookId: 1 }, status: 'active' });
  });

  it('keeps the options a hook was registered with (encrypted), and fills them in for rows stored before they were kept', () => {
    const store = open();
    const r = store.registrations.upsertDesired({ ...desired, options: { owner: 'octocat', repo: CANARY } });
    expect(r.options).to.deep.equal({ owner: 'octocat', repo: CANARY });
    store.close();
    expect(rawDatabaseBytes(temp.dir)).to.not.include(CANARY);

    const db = new Database(path.join(temp.dir, 'runtime.db'));
    try {
      db.exec("UPDATE webhook_registrations SET options_enc = NULL"); // as migration 4 leaves older rows
    } finally {
      db.close();
    }
    const reopened = open();
    expect(reopened.registrations.get('on_issue')).to.not.have.property('options');
    const filled = reopened.registrations.upsertDesired({ ...desired, options: { owner: 'octocat', repo: 'hello' } });
    expect(filled).to.deep.include({ callbackToken: r.callbackToken, options: { owner: 'octocat', repo: 'hello' } });
  });

  it('remembers a register attempt that started until its output is recorded; a new identity forgets it', () => {
    const store = open();
    store.registrations.upsertDesired(desired);
    clock += 5;
    expect(store.registrations.markRegistering('on_issue')).to.equal(true);
    expect(store.registrations.markRegistering('nobody')).to.equal(false);
    expect(store.registrations.get('on_issue')).to.deep.include({ registerStartedAt: clock, status: 'pending' });
    store.registrations.markFailed('on_issue', { code: 'HTTP_TIMEOUT', message: 'no answer' }, clock + 1000);
    expect(store.registrations.get('on_issue')!.registerStartedAt, 'a failed attempt may still have made the hook').to.equal(clock);
    store.registrations.markActive('on_issue', { hookId: 3 });
    expect(store.registrations.get('on_issue')).to.not.have.property('registerStartedAt');

    store.registrations.markRegistering('on_issue');
    const changed = store.registrations.upsertDesired({ ...desired, optionsHash: 'h2' });
    expect(changed).to.not.have.property('registerStartedAt');
  });

  it('encrypts the webhook secret and the register output at rest', () => {
    const store = open();
    const r = store.registrations.upsertDesired(desired);
    store.registrations.markActive('on_issue', { hookId: 9, signingSecret: CANARY });
    store.close();
    const bytes = rawDatabaseBytes(temp.dir);
    expect(bytes).to.include(r.callbackToken); // sanity: the token itself is a lookup key, stored plainly
    expect(bytes).to.not.include(CANARY);
    expect(bytes).to.not.include(r.secret);
  });

  it('refuses a ciphertext moved to another registration row', () => {
    const store = open();
    store.registrations.upsertDesired(desired);
    store.registrations.upsertDesired({ ...desired, flow: 'other' });
    store.close();
    const db = new Database(path.join(temp.dir, 'runtime.db'));
    try {
      db.exec(`UPDATE webhook_registrations SET secret_enc = (SELECT secret_enc FROM webhook_registrations WHERE flow = 'on_issue')
               WHERE flow = 'other'`);
    } finally {
      db.close();
    }
    const reopened = open();
    expect(reopened.registrations.get('on_issue')).to.not.equal(undefined);
    try {
      reopened.registrations.get('other');
      expect.fail('expected STORE_SECRET_CORRUPT');
    } catch (e) {
      expect(isRuntimeError(e) && e.code).to.equal('STORE_SECRET_CORRUPT');
    }
  });

  it('refuses an oversized register output', () => {
    const store = open();
    store.registrations.upsertDesired(desired);
    expect(() => store.registrations.markActive('on_issue', { blob: 'x'.repeat(70 * 1024) }))
      .to.throw().with.property('code', 'STORE_INVALID_VALUE');
    expect(store.registrations.get('on_issue')?.status).to.equal('pending');
  });
});
