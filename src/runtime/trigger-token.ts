// The bearer token of `POST /flows/:name/trigger`: from RUNTIME_TRIGGER_TOKEN, else a random one kept in the
// data folder (mode 0600) so scripts on this machine can read it. It is never logged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const TRIGGER_TOKEN_ENV = 'RUNTIME_TRIGGER_TOKEN';
export const TRIGGER_TOKEN_FILE = 'trigger.token';

export function readTriggerToken(dataDir: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env[TRIGGER_TOKEN_ENV];
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, TRIGGER_TOKEN_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
