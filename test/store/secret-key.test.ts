import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { openStore } from '../../src/store/open-store.js';
import { SecretBox, keyIdOf } from '../../src/store/secret-box.js';
import { makeTempDataDir, type TempDataDir } from './temp-data-dir.js';
import { caught } from './caught.js';

const CANARY = 'canary-secret-d41d8cd98f00';

describe('store: secret key and secret box', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('creates the data directory (0700) and a key file (0600) holding 32 bytes on first use', function () {
    if (process.platform === 'win32') this.skip();
    temp.open();
    expect(fs.statSync(temp.dir).mode & 0o777).to.equal(0o700);
    const keyFile = path.join(temp.dir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).to.equal(0o600);
    expect(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64')).to.have.length(32);
    expect(fs.statSync(path.join(temp.dir, 'runtime.db')).mode & 0o777).to.equal(0o600);
  });

  it('reuses the key file: secrets written by one store are read by the next', () => {
    const first = temp.open();
    first.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    first.close();
    expect(temp.open().connections.get('acme', 'main')?.fields['apiKey']).to.equal(CANARY);
  });

  it('refuses a key file that group or others can read, saying how to fix it', function () {
    if (process.platform === 'win32') this.skip();
    temp.open().close();
    const keyFile = path.join(temp.dir, 'secret.key');
    fs.chmodSync(keyFile, 0o644);
    const error = caught(() => temp.open());
    expect(error.code).to.equal('STORE_SECRET_KEY');
    expect(error.message).to.equal(`the key file ${keyFile} has mode 644: group and others must not access it; run \`chmod 600 ${keyFile}\``);
  });

  it('refuses a key of the wrong length, from a file, the environment or the caller', () => {
    const keyFile = path.join(temp.dir, '..', 'short.key');
    fs.writeFileSync(keyFile, randomBytes(16).toString('base64'), { mode: 0o600 });
    expect(caught(() => temp.open({ keyFile })).message).to.match(/decodes to 16 bytes, but the key must be exactly 32 bytes/);
    const fromEnv = caught(() => temp.open({ env: { RUNTIME_SECRET_KEY: randomBytes(31).toString('base64') } }));
    expect(fromEnv.code).to.equal('STORE_SECRET_KEY');
    expect(fromEnv.message).to.equal('RUNTIME_SECRET_KEY decodes to 31 bytes, but the key must be exactly 32 bytes (base64 of 32 random bytes)');
    expect(caught(() => temp.open({ env: { RUNTIME_SECRET_KEY: 'not base64 at all!' } })).code).to.equal('STORE_SECRET_KEY');
    expect(caught(() => temp.open({ secretKey: randomBytes(8) })).code).to.equal('STORE_SECRET_KEY');
  });

  it('uses RUNTIME_SECRET_KEY when set, without creating a key file', () => {
    const env = { RUNTIME_SECRET_KEY: randomBytes(32).toString('base64') };
    const store = temp.open({ env });
    store.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    store.close();
    expect(fs.existsSync(path.join(temp.dir, 'secret.key'))).to.equal(false);
    expect(temp.open({ env }).connections.get('acme', 'main')?.fields['apiKey']).to.equal(CANARY);
  });

  it('reports secrets encrypted with another key as STORE_SECRET_KEY, with what to do and nothing secret', () => {
    const original = randomBytes(32);
    const first = temp.open({ env: { RUNTIME_SECRET_KEY: original.toString('base64') } });
    const c = first.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    first.close();

    const other = randomBytes(32);
    const store = temp.open({ env: { RUNTIME_SECRET_KEY: other.toString('base64') } });
    const error = caught(() => store.connections.get('acme', 'main'));
    expect(error.code).to.equal('STORE_SECRET_KEY');
    expect(error.actor).to.equal('operational');
    expect(error.message).to.equal(
      `the secrets of connection 'acme/main' were encrypted with another key (key id ${keyIdOf(original)}; the current key has id ${keyIdOf(other)}): `
      + 'set RUNTIME_SECRET_KEY to the original key or recreate the connection');
    const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
    expect(everything).not.to.include(CANARY);
    expect(everything).not.to.include('v1.');
    expect(caught(() => store.connections.getById(c.id)).code).to.equal('STORE_SECRET_KEY');
    // Listing needs no decryption, so it still works and the connection can be recreated.
    expect(store.connections.list().map((x) => x.name)).to.deep.equal(['main']);
  });

  it('treats a lost key file as another key', () => {
    const first = temp.open();
    first.connections.create('acme', 'main', { apiKey: CANARY }, ['apiKey']);
    first.close();
    fs.rmSync(path.join(temp.dir, 'secret.key'));
    expect(caught(() => temp.open().connections.get('acme', 'main')).code).to.equal('STORE_SECRET_KEY');
  });

  it('detects altered ciphertext and values moved to another context', () => {
    const box = new SecretBox(randomBytes(32));
    const stored = box.encrypt(CANARY, 'connection:1:secrets');
    expect(box.decrypt(stored, 'connection:1:secrets')).to.equal(CANARY);
    expect(box.encrypt(CANARY, 'x')).not.to.equal(box.encrypt(CANARY, 'x'));
    expect(caught(() => box.decrypt(stored, 'connection:2:secrets')).code).to.equal('STORE_SECRET_CORRUPT');
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0]! ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(caught(() => box.decrypt(parts.join('.'), 'connection:1:secrets')).code).to.equal('STORE_SECRET_CORRUPT');
    expect(caught(() => box.decrypt('garbage', '')).code).to.equal('STORE_SECRET_CORRUPT');
  });

  it('decrypts with a previous key during rotation and encrypts with the new one', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const stored = new SecretBox(oldKey).encrypt(CANARY);
    const rotating = new SecretBox(newKey, [oldKey]);
    expect(rotating.decrypt(stored)).to.equal(CANARY);
    expect(rotating.encrypt(CANARY).split('.')[1]).to.equal(keyIdOf(newKey));
  });

  it('opening a store on a file that is not a database fails with STORE_OPEN', () => {
    fs.mkdirSync(temp.dir, { recursive: true });
    fs.writeFileSync(path.join(temp.dir, 'runtime.db'), 'this is not an SQLite database, just text '.repeat(200));
    const error = caught(() => openStore(temp.dir, { env: {} }));
    expect(error.code).to.equal('STORE_OPEN');
  });
});
