// `runtime secret-key rotate` as a person runs it: in-process for the refusal and the data folder options, and the
// built command in a child process for both key sources. Its output never holds a key or a secret.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ensureBuilt, REPO } from '../e2e/runtime-process.js';
import { runCli } from '../cli/run-cli.js';
import { keyIdOf } from '../../src/store/secret-box.js';
import { CANARY, TOKEN, makeDataDir, readSecrets, storeSecrets } from './secret-fixture.js';

interface ChildRun { code: number; stdout: string; stderr: string }

/** bin/runtime.js in a child process, with only the given RUNTIME_* variables. */
function spawnCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<ChildRun> {
  const childEnv: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('RUNTIME_')) childEnv[name] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'bin/runtime.js'), ...args], { cwd, env: { ...childEnv, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const b64 = (k: Buffer): string => k.toString('base64');

function expectNoKeyOrSecret(output: string, keys: readonly Buffer[]): void {
  for (const key of keys) {
    expect(output).not.to.include(b64(key));
    expect(output).not.to.include(key.toString('base64url'));
    expect(output).not.to.include(key.toString('hex'));
  }
  expect(output).not.to.include(CANARY);
  expect(output).not.to.include(TOKEN);
  expect(output).not.to.match(/v1\.[0-9a-f]{8}\./);
}

describe('runtime secret-key rotate', function () {
  let data: ReturnType<typeof makeDataDir>;
  let keyFile: string;
  const readKey = (): Buffer => Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  beforeEach(() => {
    data = makeDataDir();
    keyFile = path.join(data.dir, 'secret.key');
  });
  afterEach(() => data.remove());

  describe('in-process', () => {
    it('refuses while `runtime start` runs on the data folder, changing nothing', async () => {
      storeSecrets(data.dir);
      const keyBefore = fs.readFileSync(keyFile, 'utf8');
      const now = new Date().toISOString();
      // What the service writes every few seconds (src/runtime/status-file.ts).
      fs.writeFileSync(path.join(data.dir, 'status.json'), JSON.stringify({ pid: process.pid, startedAt: now, updatedAt: now }), { mode: 0o600 });

      const run = await runCli(['secret-key', 'rotate', '--data-dir', data.dir], data.root);
      expect(run.exitCode).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.equal(
        `error STORE_KEY_ROTATION_REFUSED: \`runtime start\` is running on ${data.dir} (pid ${process.pid}): it holds only the current key `
        + 'and could not read what a rotation writes. Stop it, run `runtime secret-key rotate`, then start it again\n');
      expect(fs.readFileSync(keyFile, 'utf8')).to.equal(keyBefore);
      expect(fs.existsSync(`${keyFile}.previous`)).to.equal(false);
    });

    it('finds the data folder like the other commands: <project>/.data by default', async () => {
      const project = path.join(data.root, 'project');
      const dataDir = path.join(project, '.data');
      storeSecrets(dataDir);
      const before = readSecrets(dataDir);
      const oldKey = fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8');
      const run = await runCli(['--project', project, 'secret-key', 'rotate'], data.root);
      expect(run.stderr).to.equal('');
      expect(run.exitCode).to.equal(0);
      expect(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8')).not.to.equal(oldKey);
      expect(readSecrets(dataDir)).to.deep.equal(before);
    });

    it('says which key is missing and that nothing was rotated when a stored value cannot be read', async () => {
      const lostKey = randomBytes(32);
      storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(lostKey) } });
      const run = await runCli(['secret-key', 'rotate', '--data-dir', data.dir], data.root);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.include(`error STORE_SECRET_KEY: the secrets of connection 'acme/main' were encrypted with another key (key id ${keyIdOf(lostKey)};`);
      expect(run.stderr).to.include('nothing was rotated: every key a stored secret uses must be at hand (the key file, its .previous file, or RUNTIME_PREVIOUS_SECRET_KEYS)\n');
      expectNoKeyOrSecret(run.stderr, [lostKey, readKey()]);
    });
  });

  describe('spawned (bin/runtime.js)', function () {
    this.timeout(60_000);
    before(function () {
      this.timeout(300_000); // a full tsc build when dist/ is older than src/
      ensureBuilt();
    });

    it('with the key file: a new key, every secret re-encrypted, what it did printed without any key', async () => {
      storeSecrets(data.dir);
      const before = readSecrets(data.dir);
      const oldKey = readKey();

      const run = await spawnCli(['secret-key', 'rotate', '--data-dir', data.dir], data.root);
      const newKey = readKey();
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(
        `✔ re-encrypted the secrets of 2 connections and 1 webhook registration with a new key (key id ${keyIdOf(newKey)})\n`
        + `the new key is in ${keyFile}: back it up now, not next to the database backups\n`
        + `no stored secret uses the old key (key id ${keyIdOf(oldKey)}) any more; only database backups made before now still need it\n`);
      expectNoKeyOrSecret(run.stdout + run.stderr, [oldKey, newKey]);
      expect(readSecrets(data.dir)).to.deep.equal(before);
    });

    it('with RUNTIME_SECRET_KEY: re-encrypts with it, then says the previous keys can go; a second run has nothing to do', async () => {
      const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
      storeSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
      const before = readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(oldKey) } });
      const env = { RUNTIME_SECRET_KEY: b64(newKey), RUNTIME_PREVIOUS_SECRET_KEYS: b64(oldKey) };

      const first = await spawnCli(['secret-key', 'rotate', '--data-dir', data.dir], data.root, env);
      expect(first.stderr).to.equal('');
      expect(first.code).to.equal(0);
      expect(first.stdout).to.equal(
        `✔ re-encrypted the secrets of 2 connections and 1 webhook registration with the key in RUNTIME_SECRET_KEY (key id ${keyIdOf(newKey)})\n`
        + `RUNTIME_PREVIOUS_SECRET_KEYS (key id ${keyIdOf(oldKey)}) is no longer needed: remove it\n`);
      expect(readSecrets(data.dir, { env: { RUNTIME_SECRET_KEY: b64(newKey) } })).to.deep.equal(before);

      const second = await spawnCli(['secret-key', 'rotate', '--data-dir', data.dir], data.root, { RUNTIME_SECRET_KEY: b64(newKey) });
      expect(second.code).to.equal(0);
      expect(second.stdout).to.equal(
        `every stored secret is already encrypted with the key in RUNTIME_SECRET_KEY (key id ${keyIdOf(newKey)}): nothing to do\n`
        + 'to change the key: set RUNTIME_SECRET_KEY to a new key and RUNTIME_PREVIOUS_SECRET_KEYS to the current one, then run this again\n');
      expectNoKeyOrSecret(first.stdout + first.stderr + second.stdout + second.stderr, [oldKey, newKey]);
      expect(fs.existsSync(keyFile)).to.equal(false);
    });
  });
});
