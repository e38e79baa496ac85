import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { MASK, maskedView } from '../../src/store/connections.js';
import { makeTempDataDir, rawDatabaseBytes, type TempDataDir } from './temp-data-dir.js';
import { caught } from './caught.js';

const CANARY = 'canary-secret-7f3a9c1e55d2';
const CANARY_TOKEN = 'canary-token-0b8e44aa19f6';

describe('store: connections', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('creates, gets by name and id, lists and deletes connections', () => {
    const store = temp.open();
    const created = store.connections.create('acme', 'my-acme', { subdomain: 'ex', apiKey: CANARY }, ['apiKey']);
    expect(created).to.include({ connector: 'acme', name: 'my-acme', status: 'unknown', tokenVersion: 0 });
    expect(created.fields).to.deep.equal({ subdomain: 'ex', apiKey: CANARY });
    expect(created.secretFields).to.deep.equal(['apiKey']);
    store.connections.create('acme', 'second', { subdomain: 'two', apiKey: 'another-secret' }, ['apiKey']);
    store.connections.create('github', 'gh', { clientId: 'cid', clientSecret: 'csecret' }, ['clientSecret']);

    const byName = store.connections.get('acme', 'my-acme');
    expect(byName?.id).to.equal(created.id);
    expect(byName?.fields).to.deep.equal({ subdomain: 'ex', apiKey: CANARY });
    expect(store.connections.getById(created.id)?.name).to.equal('my-acme');
    expect(store.connections.get('acme', 'nope')).to.equal(undefined);

    expect(store.connections.list().map((c) => `${c.connector}/${c.name}`)).to.deep.equal(['acme/my-acme', 'acme/second', 'github/gh']);
    expect(store.connections.list('github').map((c) => c.name)).to.deep.equal(['gh']);

    expect(store.connections.delete(created.id)).to.equal(true);
    expect(store.connections.delete(created.id)).to.equal(false);
    expect(store.connections.get('acme', 'my-acme')).to.equal(undefined);
    expect(store.connections.list('acme').map((c) => c.name)).to.deep.equal(['second']);
  });

  it('refuses a second connection of the same name for one connector, allows it for another', () => {
    const store = temp.open();
    store.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    const error = caught(() => store.connections.create('acme', 'main', { apiKey: 'other-value' }, ['apiKey']));
    expect(error.code).to.equal('STORE_CONNECTION_EXISTS');
    expect(error.message).to.equal("connector 'acme' already has a connection named 'main': pick another name or delete that one first");
    expect(store.connections.create('github', 'main', {}, []).name).to.equal('main');
  });

  it('refuses malformed names and field names', () => {
    const store = temp.open();
    expect(caught(() => store.connections.create('acme', '../etc', {}, [])).code).to.equal('STORE_INVALID_VALUE');
    expect(caught(() => store.connections.create('acme', '', {}, [])).code).to.equal('STORE_INVALID_VALUE');
    expect(caught(() => store.connections.create('acme', 'ok', { ['__proto__']: 1 } as Record<string, unknown>, [])).code)
      .to.equal('STORE_INVALID_VALUE');
    expect(caught(() => store.connections.create('acme', 'ok', JSON.parse('{"__proto__": "x"}') as Record<string, unknown>, [])).code)
      .to.equal('STORE_INVALID_VALUE');
  });

  it('keeps secrets and tokens encrypted at rest: the canaries are in neither the database nor the WAL', () => {
    const store = temp.open();
    const c = store.connections.create('acme', 'main', { subdomain: 'visible-subdomain', apiKey: CANARY }, ['apiKey']);
    expect(store.connections.saveTokens(c.id, { accessToken: CANARY_TOKEN, refreshToken: `${CANARY_TOKEN}-r` }, 0)).to.equal(true);
    expect(fs.existsSync(path.join(temp.dir, 'runtime.db-wal'))).to.equal(true);
    const whileOpen = rawDatabaseBytes(temp.dir);
    // The plain field is there, so the search itself works.
    expect(whileOpen).to.include('visible-subdomain');
    expect(whileOpen).not.to.include(CANARY);
    expect(whileOpen).not.to.include(CANARY_TOKEN);
    store.close();
    const afterClose = rawDatabaseBytes(temp.dir);
    expect(afterClose).to.include('visible-subdomain');
    expect(afterClose).not.to.include(CANARY);
    expect(afterClose).not.to.include(CANARY_TOKEN);
  });

  it('shows masked views: secrets as ••••••, empty secrets left out, other fields as they are', () => {
    const store = temp.open();
    const c = store.connections.create('acme', 'main', { subdomain: 'ex', apiKey: CANARY, emptySecret: null }, ['apiKey', 'emptySecret', 'unset']);
    expect(maskedView(c)).to.deep.equal({ subdomain: 'ex', apiKey: MASK });
    expect(MASK).to.equal('••••••');
    const [summary] = store.connections.list('acme');
    expect(summary?.maskedFields).to.deep.equal({ subdomain: 'ex', apiKey: MASK });
    expect(JSON.stringify(summary)).not.to.include(CANARY);
    expect(summary?.secretFields).to.deep.equal(['apiKey', 'emptySecret', 'unset']);
  });

  it('updates status and label, keeping the label when none is given', () => {
    const store = temp.open();
    const c = store.connections.create('acme', 'main', {}, []);
    expect(store.connections.updateStatus(c.id, 'working', 'alice@example.com')).to.equal(true);
    expect(store.connections.updateStatus(c.id, 'failing')).to.equal(true);
    const after = store.connections.getById(c.id);
    expect(after?.status).to.equal('failing');
    expect(after?.label).to.equal('alice@example.com');
    expect(store.connections.updateStatus('no-such-id', 'working')).to.equal(false);
    expect(caught(() => store.connections.updateStatus(c.id, 'weird' as 'working')).code).to.equal('STORE_INVALID_VALUE');
  });

  it('returns frozen connections', () => {
    const store = temp.open();
    const c = store.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    const loaded = store.connections.getById(c.id)!;
    expect(Object.isFrozen(loaded)).to.equal(true);
    expect(Object.isFrozen(loaded.fields)).to.equal(true);
  });
});
