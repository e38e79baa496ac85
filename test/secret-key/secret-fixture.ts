// A data folder holding one of every encrypted value: a connection's secret fields and OAuth tokens, and a
// webhook registration's secret, options and register output. `readSecrets` reads them all back, decrypted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';

export const CANARY = 'canary-rotate-7f3a9c21e5';
export const TOKEN = 'canary-token-52b1d8e0aa';

export function makeDataDir(): { root: string; dir: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-key-test-'));
  return { root, dir: path.join(root, 'data'), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Writes the values; `env: {}` unless given, so the shell's RUNTIME_SECRET_KEY does not leak in. */
export function storeSecrets(dir: string, options: OpenStoreOptions = {}): void {
  const store = openStore(dir, { env: {}, ...options });
  try {
    const c = store.connections.create('acme', 'main', { apiKey: CANARY, region: 'eu', password: `${CANARY}-pw` }, ['apiKey', 'password']);
    store.connections.saveTokens(c.id, { accessToken: TOKEN, refreshToken: `${TOKEN}-refresh`, expiresAt: 1_900_000_000_000 }, 0);
    store.connections.create('acme', 'plain', { region: 'us' }, ['apiKey']);
    store.registrations.upsertDesired({
      flow: 'on_ticket', connector: 'acme', card: 'ticket_created', connection: 'main', optionsHash: 'h1', options: { project: 'P-1' },
    });
    store.registrations.markActive('on_ticket', { hookId: `hook-${CANARY}` }, undefined, 'http://127.0.0.1:9/hooks/x');
  } finally {
    store.close();
  }
}

/** Everything secret the store holds, decrypted; throws like the store does when a value cannot be read. */
export function readSecrets(dir: string, options: OpenStoreOptions = {}): unknown {
  const store = openStore(dir, { env: {}, ...options });
  try {
    const main = store.connections.get('acme', 'main');
    const plain = store.connections.get('acme', 'plain');
    const r = store.registrations.get('on_ticket');
    return {
      main: { fields: main?.fields, tokens: main?.tokens, tokenVersion: main?.tokenVersion },
      plain: plain?.fields,
      registration: { secret: r?.secret, options: r?.options, output: r?.output, token: r?.callbackToken, status: r?.status },
    };
  } finally {
    store.close();
  }
}

/** The key ids the stored ciphertexts name (`v1.<keyId>.`), from the raw database and WAL bytes. */
export function keyIdsInDatabase(raw: string): string[] {
  return [...new Set([...raw.matchAll(/v1\.([0-9a-f]{8})\.[A-Za-z0-9_-]{16}\./g)].map((m) => m[1]!))].sort();
}

export { caught } from '../store/caught.js';

export const b64 = (k: Buffer): string => k.toString('base64');
