// Rotating the key that encrypts stored secrets. With a key file the order is crash-safe, each step on disk
// before the next: (a) the current key is added to `<keyFile>.previous`, (b) a new key replaces the key file,
// (c) every secret is re-encrypted with it in one transaction, and the database vacuumed so no old ciphertext stays
// in freed pages, (d) `.previous` is removed. Whatever step a crash
// interrupts, the key file and `.previous` together still hold every key a stored value needs, and running the
// rotation again completes it (it only ever adds keys to `.previous`). With RUNTIME_SECRET_KEY the environment
// cannot be changed from here: stored secrets are re-encrypted with it, read with RUNTIME_PREVIOUS_SECRET_KEYS.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RuntimeError } from '../errors/runtime-error.js';
import { DATABASE_FILE, openStore, type OpenStoreOptions } from './open-store.js';
import { keyIdOf } from './secret-box.js';
import { SECRET_KEY_BYTES, loadSecretKey, previousKeyFileOf, readPreviousKeyFile } from './secret-key.js';
import type { RewrittenSecrets } from './store.js';

/** The steps of a key-file rotation, in order. */
export const ROTATION_STEPS = ['previous-key-saved', 'key-replaced', 'secrets-rewritten', 'previous-keys-removed'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotateSecretKeyOptions extends OpenStoreOptions {
  /** For crash-safety tests: return right after this step, leaving the files as a crash there would. */
  readonly stopAfter?: RotationStep;
}

export interface SecretKeyRotation {
  /** 'file': a new key was written to `keyFile`. 'env'/'option': re-encrypted with the key given, which stays. */
  readonly source: 'file' | 'env' | 'option';
  readonly keyFile?: string;
  /** The id (a public fingerprint, never the key) of the key every secret is now encrypted with. */
  readonly keyId: string;
  /** Ids of the keys that could decrypt before and are no longer needed. */
  readonly retiredKeyIds: readonly string[];
  readonly rewritten: RewrittenSecrets;
  /** A `.previous` file left by an interrupted rotation was found (its keys were used and then removed). */
  readonly resumed: boolean;
  /** The last step done: 'previous-keys-removed' unless `stopAfter` stopped earlier; absent in env/option mode. */
  readonly completedStep?: RotationStep;
}

const NOTHING: RewrittenSecrets = Object.freeze({ connections: 0, registrations: 0 });

function refused(message: string): RuntimeError {
  return new RuntimeError('STORE_KEY_ROTATION_REFUSED', message, { actor: 'operational' });
}

/** The caller makes sure no service uses the data folder: it would keep writing with the old key only. */
export function rotateSecretKey(dataDir: string, options: RotateSecretKeyOptions = {}): SecretKeyRotation {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(path.join(dir, DATABASE_FILE))) {
    throw new RuntimeError('STORE_OPEN', `there is no database in ${dir}: nothing to rotate (check --data-dir or RUNTIME_DATA_DIR)`, { actor: 'operational' });
  }
  const loaded = loadSecretKey(dir, options);
  if (loaded.source !== 'file' || loaded.keyFile === undefined) {
    const store = openStore(dir, options);
    let rewritten: RewrittenSecrets;
    try {
      rewritten = store.rewriteSecrets();
      if (rewritten.connections + rewritten.registrations > 0) store.vacuum();
    } finally {
      store.close();
    }
    return { source: loaded.source, keyId: keyIdOf(loaded.key), retiredKeyIds: loaded.previous.map(keyIdOf), rewritten, resumed: false };
  }
  const keyFile = loaded.keyFile;
  const release = lockRotation(keyFile);
  try {
    return rotateKeyFile(dir, keyFile, options);
  } finally {
    release();
  }
}

function rotateKeyFile(dir: string, keyFile: string, options: RotateSecretKeyOptions): SecretKeyRotation {
  // Read again under the lock: another rotation may have finished in between.
  const before = loadSecretKey(dir, { ...options, keyFile });
  const resumed = fs.existsSync(previousKeyFileOf(keyFile));
  const retiredKeyIds = [before.key, ...before.previous].map(keyIdOf);
  const newKey = randomBytes(SECRET_KEY_BYTES);
  const report = (completedStep: RotationStep, rewritten: RewrittenSecrets): SecretKeyRotation =>
    ({ source: 'file', keyFile, keyId: keyIdOf(newKey), retiredKeyIds, rewritten, resumed, completedStep });

  // Fails, changing nothing, when a stored value cannot be read with the keys at hand: better than a new key and a
  // rotation that cannot complete.
  checkRewritable(dir, keyFile, options);

  addPreviousKey(keyFile, before.key);
  if (options.stopAfter === 'previous-key-saved') return report('previous-key-saved', NOTHING);

  replaceKeyFile(keyFile, newKey);
  if (options.stopAfter === 'key-replaced') return report('key-replaced', NOTHING);

  // Opened from the files just written: the new key as primary, every earlier one from `.previous`.
  const store = openStore(dir, { ...options, keyFile });
  let rewritten: RewrittenSecrets;
  try {
    rewritten = store.rewriteSecrets();
    // Values under the old key may still sit in freed pages, from this rewrite or from earlier updates.
    store.vacuum();
  } finally {
    store.close();
  }
  if (options.stopAfter === 'secrets-rewritten') return report('secrets-rewritten', rewritten);

  fs.rmSync(previousKeyFileOf(keyFile), { force: true });
  syncDirectory(path.dirname(keyFile));
  return report('previous-keys-removed', rewritten);
}

class DryRun extends Error {}

function checkRewritable(dir: string, keyFile: string, options: RotateSecretKeyOptions): void {
  const store = openStore(dir, { ...options, keyFile });
  try {
    store.transaction(() => {
      store.rewriteSecrets();
      throw new DryRun('rolled back');
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  } finally {
    store.close();
  }
}

/** Adds `key` to `.previous` unless listed: written whole to a temporary file and renamed, so no line is ever torn. */
function addPreviousKey(keyFile: string, key: Buffer): void {
  const file = previousKeyFileOf(keyFile);
  const listed = readPreviousKeyFile(keyFile);
  if (listed.some((k) => k.equals(key))) return;
  const lines = [...listed, key].map((k) => `${k.toString('base64')}\n`).join('');
  writeFileDurably(file, lines);
}

function replaceKeyFile(keyFile: string, key: Buffer): void {
  writeFileDurably(keyFile, `${key.toString('base64')}\n`);
}

/** Owner-only temporary file, fsynced, renamed over `file`, then the directory fsynced: old or new, never half. */
function writeFileDurably(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  fs.rmSync(tmp, { force: true });
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDirectory(path.dirname(file));
}

function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; its renames are not ordered this way anyway.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One rotation at a time per key file: two at once could each replace the key and lose the other's. The lock
 * file names its process; one left by a process that is gone (a crash) is taken over.
 */
function lockRotation(keyFile: string): () => void {
  const lockFile = `${keyFile}.rotating`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(lockFile, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(lockFile);
      if (holder === undefined ? justCreated(lockFile) : holder !== process.pid && processIsAlive(holder)) {
        throw refused(`another key rotation${holder === undefined ? '' : ` (pid ${holder})`} is running on ${keyFile}: wait for it to finish (if none runs, remove ${lockFile})`);
      }
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    try {
      fs.writeSync(fd, `${process.pid}\n`);
    } finally {
      fs.closeSync(fd);
    }
    return () => fs.rmSync(lockFile, { force: true });
  }
  throw refused(`another key rotation is starting on ${keyFile}: wait for it to finish (if none runs, remove ${lockFile})`);
}

function lockHolder(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').slice(0, 20), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A lock file without a pid yet: its maker may be about to write it. */
function justCreated(lockFile: string): boolean {
  try {
    return Date.now() - fs.statSync(lockFile).mtimeMs < 10_000;
  } catch {
    return false;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
