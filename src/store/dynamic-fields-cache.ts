// Cached results of dynamic-fields helpers, per (connection, card, options), each with an expiry time.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DynamicFieldsCache } from './store.js';

export const MAX_CACHED_VALUE_BYTES = 1024 * 1024;

/** JSON with object keys sorted, so {a, b} and {b, a} hash alike. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      Object.defineProperty(sorted, k, { value: (v as Record<string, unknown>)[k], enumerable: true });
    }
    return sorted;
  }) ?? 'null';
}

export function optionsHash(options: unknown): string {
  return createHash('sha256').update(canonicalJson(options ?? {})).digest('hex');
}

interface CacheRow {
  value_json: string;
  expires_at: number;
}

export class SqliteDynamicFieldsCache implements DynamicFieldsCache {
  private readonly select: Database.Statement<[string, string, string], CacheRow>;
  private readonly upsert: Database.Statement;
  private readonly deleteOne: Database.Statement;
  private readonly deleteExpired: Database.Statement;
  private readonly deleteForConnection: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => number) {
    this.select = db.prepare(
      'SELECT value_json, expires_at FROM dynamic_fields_cache WHERE connection_id = ? AND card = ? AND options_hash = ?');
    this.upsert = db.prepare(`
      INSERT INTO dynamic_fields_cache (connection_id, card, options_hash, value_json, expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (connection_id, card, options_hash) DO UPDATE SET value_json = excluded.value_json, expires_at = excluded.expires_at`);
    this.deleteOne = db.prepare('DELETE FROM dynamic_fields_cache WHERE connection_id = ? AND card = ? AND options_hash = ?');
    this.deleteExpired = db.prepare('DELETE FROM dynamic_fields_cache WHERE expires_at <= ?');
    this.deleteForConnection = db.prepare('DELETE FROM dynamic_fields_cache WHERE connection_id = ?');
  }

  get(connectionId: string, card: string, options: unknown): unknown {
    const hash = optionsHash(options);
    const row = this.select.get(connectionId, card, hash);
    if (!row) return undefined;
    if (row.expires_at <= this.now()) {
      this.deleteOne.run(connectionId, card, hash);
      return undefined;
    }
    return JSON.parse(row.value_json);
  }

  put(connectionId: string, card: string, options: unknown, value: unknown, ttlMs: number): boolean {
    const json = JSON.stringify(value);
    if (json === undefined || Buffer.byteLength(json) > MAX_CACHED_VALUE_BYTES || !(ttlMs > 0)) return false;
    const now = this.now();
    this.deleteExpired.run(now);
    // A foreign key failure means the connection was deleted meanwhile: nothing to cache for.
    try {
      this.upsert.run(connectionId, card, optionsHash(options), json, Math.round(now + Math.min(ttlMs, 365 * 24 * 3600 * 1000)));
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return false;
      throw e;
    }
    return true;
  }

  invalidate(connectionId: string): void {
    this.deleteForConnection.run(connectionId);
  }
}
