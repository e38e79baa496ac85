// rotateSecretKey on real data folders: the key file is replaced and every value re-encrypted, a crash after
// any step leaves everything readable and a second run completes, and env mode re-encrypts with the key given.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { openStore } from '../../src/store/open-store.js';
import { ROTATION_STEPS, rotateSecretKey } from '../../src/store/rotate-secret-key.js';
import { keyIdOf } from '../../src/store/secret-box.js';
import { previousKeyFileOf } from '../../src/store/secret-key.js';
import { rawDatabaseBytes } from '../store/temp-data-dir.js';
import { b64, caught, keyIdsInDatabase, makeDataDir, readSecrets, storeSecrets } from './secret-fixture.js';

describe('rotateSecretKey', () => {
  let data: ReturnType<typeof makeDataDir>;
  let keyFile: string;
  const readKeyFile = (): Buffer => Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  beforeEach(() => {
    data = makeDataDir();
    keyFile = path.join(data.dir, 'secret.key');
  });
  afterEach(() => data.remove());

  describe('with the key file', () => {
    it('replaces the key, re-encrypts every value with it, and removes .previous', function () {
      storeSecrets(data.dir);
      const before = readSecrets(data.dir);
      const oldKey = readKeyFile();
      expect(keyIdsInDatabase(rawDatabaseBytes(data.dir))).to.deep.equal([keyIdOf(oldKey)]);

      const rotation = rotateSecretKey(data.dir, { env: {} });

      const newKey = readKeyFile();
      expect(newKey).to.have.length(32);
      expect(newKey.equals(oldKey)).to.equal(false);
      if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).to.equal(0o600);
      expect(rotation).to.deep.equal({
        source: 'file', keyFile, keyId: keyIdOf(newKey), retiredKeyIds: [keyIdOf(oldKey)],
        rewritten: { connections: 2, registrations: 1 }, resumed: false, completedStep: 'previous-keys-removed',
      });
      expect(fs.readdirSync(data.dir).filter((f) => f.startsWith('secret.key'))).to.deep.equal(['secret.key']);
      expect(readSecrets(data.dir)).to.deep.equal(before);
      expect(keyIdsInDatabase(rawDatabaseBytes(data.dir))).to.deep.equal([keyIdOf(newKey)]);

      // The old key alone no longer opens anything.
      const error = caught(() => readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } }));
      expect(error.code).to.equal('STORE_SECRET_KEY');
      expect(error.message).to.include(`key id ${keyIdOf(newKey)}; the current key has id ${keyIdOf(oldKey)}`);
    });

    it('leaves no ciphertext of the old key in the database files, also of large values on overflow pages', () => {
      storeSecrets(data.dir);
      const store = openStore(data.dir, { env: {} });
      const big = { items: Array.from({ length: 2000 }, (_, i) => `item-${i}-${'x'.repeat(20)}`) };
      for (const flow of ['big_a', 'big_b', 'big_c']) {
        store.registrations.upsertDesired({ flow, connector: 'acme', card: 'ticket_created', connection: 'main', optionsHash: 'h', options: big });
        store.registrations.markActive(flow, big);
      }
      store.close();
      const oldId = keyIdOf(readKeyFile());
      // The IV and tag of each old value: what would be left of it in a freed page.
      const oldParts = [...rawDatabaseBytes(data.dir).matchAll(new RegExp(`v1\\.${oldId}\\.([A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22})\\.`, 'g'))].map((m) => m[1]!);
      expect(oldParts).to.have.length.greaterThan(8);
      rotateSecretKey(data.dir, { env: {} });
      const after = rawDatabaseBytes(data.dir);
      expect(after).not.to.include(`v1.${oldId}.`);
      expect(oldParts.filter((p) => after.includes(p))).to.deep.equal([]);
    });

    it('rotates an empty data folder too (a new key, nothing to re-encrypt)', () => {
      readSecrets(data.dir); // creates the database and the key
      const oldKey = readKeyFile();
      const rotation = rotateSecretKey(data.dir, { env: {} });
      expect(rotation.rewritten).to.deep.equal({ connections: 0, registrations: 0 });
      expect(readKeyFile().equals(oldKey)).to.equal(false);
    });

    for (const step of ROTATION_STEPS.slice(0, -1)) {
      it(`a crash after "${step}" leaves every value readable, and running again completes the rotation`, () => {
        storeSecrets(data.dir);
        const before = readSecrets(data.dir);
        const firstKey = readKeyFile();

        const interrupted = rotateSecretKey(data.dir, { env: {}, stopAfter: step });
        expect(interrupted.completedStep).to.equal(step);
        expect(fs.existsSync(previousKeyFileOf(keyFile)), '.previous holds the old key').to.equal(true);
        expect(readSecrets(data.dir), 'readable with a fresh store after the crash').to.deep.equal(before);

        const resumed = rotateSecretKey(data.dir, { env: {} });
        expect(resumed.resumed).to.equal(true);
        expect(resumed.completedStep).to.equal('previous-keys-removed');
        expect(resumed.retiredKeyIds).to.include(keyIdOf(firstKey));
        expect(fs.existsSync(previousKeyFileOf(keyFile))).to.equal(false);
        expect(readSecrets(data.dir)).to.deep.equal(before);
        expect(keyIdsInDatabase(rawDatabaseBytes(data.dir))).to.deep.equal([keyIdOf(readKeyFile())]);
      });
    }

    it('never drops a key from .previous: a second crash keeps the keys of both earlier steps', () => {
      storeSecrets(data.dir);
      const before = readSecrets(data.dir);
      const k0 = readKeyFile();
      rotateSecretKey(data.dir, { env: {}, stopAfter: 'key-replaced' });
      const k1 = readKeyFile();
      rotateSecretKey(data.dir, { env: {}, stopAfter: 'key-replaced' });
      const listed = fs.readFileSync(previousKeyFileOf(keyFile), 'utf8').trim().split('\n').map((l) => keyIdOf(Buffer.from(l, 'base64')));
      expect(listed).to.deep.equal([keyIdOf(k0), keyIdOf(k1)]);
      if (process.platform !== 'win32') expect(fs.statSync(previousKeyFileOf(keyFile)).mode & 0o777).to.equal(0o600);
      expect(readSecrets(data.dir)).to.deep.equal(before);
    });

    it('changes nothing when a stored value was encrypted with a key that is not at hand', () => {
      storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(randomBytes(32)) } });
      openStore(data.dir, { env: {} }).close(); // makes the key file, which did not encrypt them
      const keyBefore = fs.readFileSync(keyFile, 'utf8');
      const error = caught(() => rotateSecretKey(data.dir, { env: {} }));
      expect(error.code).to.equal('STORE_SECRET_KEY');
      expect(fs.readFileSync(keyFile, 'utf8')).to.equal(keyBefore);
      expect(fs.existsSync(previousKeyFileOf(keyFile))).to.equal(false);
    });

    it('refuses while another rotation holds the lock, and takes over a lock whose process is gone', () => {
      storeSecrets(data.dir);
      const lock = `${keyFile}.rotating`;
      fs.writeFileSync(lock, `${process.ppid}\n`, { mode: 0o600 }); // a live process that is not this one
      const error = caught(() => rotateSecretKey(data.dir, { env: {} }));
      expect(error.code).to.equal('STORE_KEY_ROTATION_REFUSED');
      expect(error.message).to.equal(`another key rotation (pid ${process.ppid}) is running on ${keyFile}: wait for it to finish (if none runs, remove ${lock})`);
      expect(fs.existsSync(previousKeyFileOf(keyFile))).to.equal(false);

      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      fs.writeFileSync(lock, `${gone}\n`);
      expect(rotateSecretKey(data.dir, { env: {} }).completedStep).to.equal('previous-keys-removed');
      expect(fs.existsSync(lock)).to.equal(false);
    });

    it('refuses a data folder without a database instead of creating one', () => {
      const error = caught(() => rotateSecretKey(data.dir, { env: {} }));
      expect(error.code).to.equal('STORE_OPEN');
      expect(fs.existsSync(data.dir)).to.equal(false);
    });
  });

  describe('with RUNTIME_SECRET_KEY', () => {
    it('re-encrypts with the current key, reading old values with RUNTIME_PREVIOUS_SECRET_KEYS; the key file is never made', () => {
      const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
      storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
      const before = readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
      const env = { RUNTIME_SECRET_KEY: b64(newKey), RUNTIME_PREVIOUS_SECRET_KEYS: b64(oldKey) };

      const rotation = rotateSecretKey(data.dir, { env });
      expect(rotation).to.deep.equal({
        source: 'env', keyId: keyIdOf(newKey), retiredKeyIds: [keyIdOf(oldKey)], rewritten: { connections: 2, registrations: 1 }, resumed: false,
      });
      expect(readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(newKey) } })).to.deep.equal(before);
      expect(keyIdsInDatabase(rawDatabaseBytes(data.dir))).to.deep.equal([keyIdOf(newKey)]);
      expect(fs.existsSync(keyFile)).to.equal(false);

      // A second run finds nothing to do.
      expect(rotateSecretKey(data.dir, { env }).rewritten).to.deep.equal({ connections: 0, registrations: 0 });
    });

    it('fails without writing anything when the old key is not among the previous keys', () => {
      const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
      storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
      const error = caught(() => rotateSecretKey(data.dir, { env: { RUNTIME_SECRET_KEY: b64(newKey) } }));
      expect(error.code).to.equal('STORE_SECRET_KEY');
      expect(keyIdsInDatabase(rawDatabaseBytes(data.dir))).to.deep.equal([keyIdOf(oldKey)]);
    });
  });
});
