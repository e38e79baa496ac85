// Where the key that encrypts connection secrets comes from: an explicit key, RUNTIME_SECRET_KEY (base64 of 32
// bytes), or a key file kept outside the database and created on first use, readable by its owner only.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RuntimeError } from '../errors/runtime-error.js';

export const SECRET_KEY_ENV = 'RUNTIME_SECRET_KEY';
export const SECRET_KEY_BYTES = 32;
const MAX_KEY_FILE_BYTES = 1024;

export interface SecretKeySource {
  readonly secretKey?: Buffer;
  readonly keyFile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedSecretKey {
  readonly key: Buffer;
  /** Where it came from, for boot output (never the key). */
  readonly source: 'option' | 'env' | 'file';
  readonly keyFile?: string;
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

/** Precedence: `secretKey` option > RUNTIME_SECRET_KEY > key file (default `<dataDir>/secret.key`, created if absent). */
export function loadSecretKey(dataDir: string, source: SecretKeySource = {}): LoadedSecretKey {
  if (source.secretKey) {
    if (source.secretKey.length !== SECRET_KEY_BYTES) {
      throw keyError(`the secret key must be exactly ${SECRET_KEY_BYTES} bytes, got ${source.secretKey.length}`);
    }
    return { key: Buffer.from(source.secretKey), source: 'option' };
  }
  const fromEnv = (source.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: decodeBase64Key(fromEnv, SECRET_KEY_ENV), source: 'env' };
  }
  const keyFile = path.resolve(source.keyFile ?? path.join(dataDir, 'secret.key'));
  return { key: readOrCreateKeyFile(keyFile), source: 'file', keyFile };
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
  let stat: fs.Stats;
  try {
    stat = fs.statSync(keyFile);
  } catch (e) {
    throw keyError(`cannot read the key file ${keyFile}: ${(e as Error).message}`);
  }
  if (!stat.isFile()) throw keyError(`the key file ${keyFile} is not a regular file`);
  // POSIX permission bits mean nothing on Windows; elsewhere refuse a key others could read.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw keyError(`the key file ${keyFile} has mode ${mode}: group and others must not access it; run \`chmod 600 ${keyFile}\``);
  }
  if (stat.size > MAX_KEY_FILE_BYTES) throw keyError(`the key file ${keyFile} is too large to be a key`);
  const text = fs.readFileSync(keyFile, 'utf8');
  // A file created by a concurrent opener may still be empty for an instant.
  if (text.trim() === '') throw keyError(`the key file ${keyFile} is empty: remove it to have a new key created (existing secrets will then need their connections recreated)`);
  return decodeBase64Key(text, `the key file ${keyFile}`);
}
