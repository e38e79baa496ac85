// Keys that only decrypt: RUNTIME_PREVIOUS_SECRET_KEYS and `<keyFile>.previous`, loaded next to the primary key.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SecretBox, keyIdOf } from '../../src/store/secret-box.js';
import { loadSecretKey, previousKeyFileOf } from '../../src/store/secret-key.js';
import { b64, CANARY, caught, makeDataDir, readSecrets, storeSecrets } from './secret-fixture.js';

describe('secret key: previous keys', () => {
  let data: ReturnType<typeof makeDataDir>;
  beforeEach(() => { data = makeDataDir(); });
  afterEach(() => data.remove());

  it('reads RUNTIME_PREVIOUS_SECRET_KEYS (comma-separated) next to RUNTIME_SECRET_KEY, without the primary or duplicates', () => {
    const [primary, old1, old2] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const loaded = loadSecretKey(data.dir, {
      env: { RUNTIME_SECRET_KEY: b64(primary), RUNTIME_PREVIOUS_SECRET_KEYS: ` ${b64(old1)}, ${b64(old2)},${b64(primary)},${b64(old1)}` },
    });
    expect(loaded.source).to.equal('env');
    expect(loaded.previous.map(keyIdOf)).to.deep.equal([keyIdOf(old1), keyIdOf(old2)]);
  });

  it('a store opened with the new key and the old one as previous reads what the old key wrote', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
    const before = readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
    const env = { RUNTIME_SECRET_KEY: b64(newKey), RUNTIME_PREVIOUS_SECRET_KEYS: b64(oldKey) };
    expect(readSecrets(data.dir, { env })).to.deep.equal(before);
    expect(caught(() => readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(newKey) } })).code).to.equal('STORE_SECRET_KEY');
  });

  it('reads <keyFile>.previous (one key per line) when the key comes from the key file', () => {
    storeSecrets(data.dir);
    const keyFile = path.join(data.dir, 'secret.key');
    const oldKey = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
    const other = randomBytes(32);
    fs.writeFileSync(previousKeyFileOf(keyFile), `${b64(other)}\n\n${b64(oldKey)}\n`, { mode: 0o600 });
    fs.writeFileSync(keyFile, `${b64(randomBytes(32))}\n`, { mode: 0o600 });
    const loaded = loadSecretKey(data.dir, { env: {} });
    expect(loaded.previous.map(keyIdOf)).to.deep.equal([keyIdOf(other), keyIdOf(oldKey)]);
    expect((readSecrets(data.dir) as { main: { fields: Record<string, unknown> } }).main.fields['apiKey']).to.equal(CANARY);
  });

  it('ignores <keyFile>.previous when the key comes from RUNTIME_SECRET_KEY', () => {
    fs.mkdirSync(data.dir, { recursive: true });
    fs.writeFileSync(previousKeyFileOf(path.join(data.dir, 'secret.key')), `${b64(randomBytes(32))}\n`, { mode: 0o600 });
    expect(loadSecretKey(data.dir, { env: { RUNTIME_SECRET_KEY: b64(randomBytes(32)) } }).previous).to.deep.equal([]);
  });

  it('refuses a previous-keys file that group or others can read, like the key file', function () {
    if (process.platform === 'win32') this.skip();
    loadSecretKey(data.dir, { env: {} });
    const file = previousKeyFileOf(path.join(data.dir, 'secret.key'));
    fs.writeFileSync(file, `${b64(randomBytes(32))}\n`, { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    const error = caught(() => loadSecretKey(data.dir, { env: {} }));
    expect(error.code).to.equal('STORE_SECRET_KEY');
    expect(error.message).to.equal(`the previous-keys file ${file} has mode 640: group and others must not access it; run \`chmod 600 ${file}\``);
  });

  it('names the bad line of a previous-keys file or the bad entry of the variable, never its text', () => {
    loadSecretKey(data.dir, { env: {} });
    const file = previousKeyFileOf(path.join(data.dir, 'secret.key'));
    const short = b64(randomBytes(16));
    fs.writeFileSync(file, `${b64(randomBytes(32))}\n${short}\n`, { mode: 0o600 });
    const fromFile = caught(() => loadSecretKey(data.dir, { env: {} }));
    expect(fromFile.code).to.equal('STORE_SECRET_KEY');
    expect(fromFile.message).to.match(/^line 2 of the previous-keys file .* decodes to 16 bytes/);
    expect(fromFile.message).not.to.include(short);
    fs.rmSync(file);
    const fromEnv = caught(() => loadSecretKey(data.dir, { env: { RUNTIME_PREVIOUS_SECRET_KEYS: `${b64(randomBytes(32))},not base64!` } }));
    expect(fromEnv.message).to.match(/^key 2 of RUNTIME_PREVIOUS_SECRET_KEYS is not base64/);
    expect(fromEnv.message).not.to.include('not base64!');
  });

  it('SecretBox.isCurrent tells values of the primary key from those of a previous one', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const stored = new SecretBox(oldKey).encrypt(CANARY, 'ctx');
    const box = new SecretBox(newKey, [oldKey]);
    expect(box.isCurrent(stored)).to.equal(false);
    expect(box.isCurrent(box.encrypt(box.decrypt(stored, 'ctx'), 'ctx'))).to.equal(true);
    expect(box.isCurrent('garbage')).to.equal(false);
  });
});
