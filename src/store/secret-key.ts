// Where the key that encrypts connection secrets comes from: an explicit key, RUNTIME_SECRET_KEY (base64 of 32
// bytes), or a key file kept outside the database and created on first use, readable by its owner only.
// Previous keys (RUNTIME_PREVIOUS_SECRET_KEYS, and `<keyFile>.previous` during a rotation) only decrypt.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RuntimeError } from '../errors/runtime-error.js';

export const SECRET_KEY_ENV = 'RUNTIME_SECRET_KEY';
export const PREVIOUS_SECRET_KEYS_ENV = 'RUNTIME_PREVIOUS_SECRET_KEYS';
export const SECRET_KEY_BYTES = 32;
const MAX_KEY_FILE_BYTES = 1024;
/** Far more previous keys than any rotation history needs; bounds what is read from the file and the environment. */
const MAX_PREVIOUS_KEYS = 100;
const MAX_PREVIOUS_FILE_BYTES = MAX_PREVIOUS_KEYS * 64;

export interface SecretKeySource {
  readonly secretKey?: Buffer;
  readonly keyFile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The file a rotation lists the keys it replaces in, until every secret is encrypted with the new one. */
export function previousKeyFileOf(keyFile: string): string {
  return `${keyFile}.previous`;
}

export interface LoadedSecretKey {
  readonly key: Buffer;
  /** Where it came from, for boot output (never the key). */
  readonly source: 'option' | 'env' | 'file';
  readonly keyFile?: string;
  /** Keys that only decrypt (never the primary key, no duplicates): values written before a rotation. */
  readonly previous: readonly Buffer[];
}

function keyError(message: string): RuntimeError {
  return new RuntimeError('STORE_SECRET_KEY', message, { actor: 'operational' });
}

function decodeBase64Key(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw keyError(`${where} is not base64: it must hold 32 random bytes in base64 (e.g. from \`openssl rand -base64 32\`)`);
  }
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw keyError(`${where} decodes to ${key.length} bytes, but the key must be exactly ${SECRET_KEY_BYTES} bytes (base64 of 32 random bytes)`);
  }
  return key;
}

/**
 * Precedence: `secretKey` option > RUNTIME_SECRET_KEY > key file (default `<dataDir>/secret.key`, created if absent).
 * Previous keys: RUNTIME_PREVIOUS_SECRET_KEYS (comma-separated base64), plus `<keyFile>.previous` (one per line) when
 * the key comes from the file.
 */
export function loadSecretKey(dataDir: string, source: SecretKeySource = {}): LoadedSecretKey {
  const env = source.env ?? process.env;
  const fromEnvPrevious = readPreviousKeysEnv(env[PREVIOUS_SECRET_KEYS_ENV]);
  if (source.secretKey) {
    if (source.secretKey.length !== SECRET_KEY_BYTES) {
      throw keyError(`the secret key must be exactly ${SECRET_KEY_BYTES} bytes, got ${source.secretKey.length}`);
    }
    const key = Buffer.from(source.secretKey);
    return { key, source: 'option', previous: distinctPrevious(key, fromEnvPrevious) };
  }
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = decodeBase64Key(fromEnv, SECRET_KEY_ENV);
    return { key, source: 'env', previous: distinctPrevious(key, fromEnvPrevious) };
  }
  const keyFile = path.resolve(source.keyFile ?? path.join(dataDir, 'secret.key'));
  const key = readOrCreateKeyFile(keyFile);
  return { key, source: 'file', keyFile, previous: distinctPrevious(key, [...fromEnvPrevious, ...readPreviousKeyFile(keyFile)]) };
}

/** The keys listed in `<keyFile>.previous`, in file order; none when it does not exist. */
export function readPreviousKeyFile(keyFile: string): Buffer[] {
  const file = previousKeyFileOf(keyFile);
  const text = readOwnerOnlyFile(file, 'the previous-keys file', MAX_PREVIOUS_FILE_BYTES);
  if (text === undefined) return [];
  const keys: Buffer[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() !== '') keys.push(decodeBase64Key(line, `line ${i + 1} of the previous-keys file ${file}`));
  });
  return keys;
}

function readPreviousKeysEnv(value: string | undefined): Buffer[] {
  if (value === undefined || value.trim() === '') return [];
  const parts = value.split(',').filter((p) => p.trim() !== '');
  if (parts.length > MAX_PREVIOUS_KEYS) throw keyError(`${PREVIOUS_SECRET_KEYS_ENV} lists more than ${MAX_PREVIOUS_KEYS} keys`);
  return parts.map((p, i) => decodeBase64Key(p, `key ${i + 1} of ${PREVIOUS_SECRET_KEYS_ENV}`));
}

function distinctPrevious(primary: Buffer, candidates: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const k of candidates) {
    if (!k.equals(primary) && !out.some((o) => o.equals(k))) out.push(k);
  }
  return out;
}

function readOrCreateKeyFile(keyFile: string): Buffer {
  const created = tryCreateKeyFile(keyFile);
  if (created) return created;
  return readKeyFile(keyFile);
}

/** Creates the key file exclusively; undefined when it already exists (then it is read instead). */
function tryCreateKeyFile(keyFile: string): Buffer | undefined {
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    fd = fs.openSync(keyFile, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw keyError(`cannot create the key file ${keyFile}: ${(e as Error).message}`);
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    fs.writeSync(fd, `${key.toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return key;
}

function readKeyFile(keyFile: string): Buffer {
  const text = readOwnerOnlyFile(keyFile, 'the key file', MAX_KEY_FILE_BYTES);
  if (text === undefined) throw keyError(`cannot read the key file ${keyFile}: it does not exist`);
  // A file created by a concurrent opener may still be empty for an instant.
  if (text.trim() === '') throw keyError(`the key file ${keyFile} is empty: remove it to have a new key created (existing secrets will then need their connections recreated)`);
  return decodeBase64Key(text, `the key file ${keyFile}`);
}

/** A file holding keys: a regular file no one but its owner can access, and small. Undefined when it does not exist. */
function readOwnerOnlyFile(file: string, what: string, maxBytes: number): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  if (!stat.isFile()) throw keyError(`${what} ${file} is not a regular file`);
  // POSIX permission bits mean nothing on Windows; elsewhere refuse a key others could read.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw keyError(`${what} ${file} has mode ${mode}: group and others must not access it; run \`chmod 600 ${file}\``);
  }
  if (stat.size > maxBytes) throw keyError(`${what} ${file} is too large to be a key file`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw keyError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}
