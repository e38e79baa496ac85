// Connections in SQLite: non-secret fields as plain JSON, secret fields and OAuth tokens encrypted with the
// secret box (bound to the connection id). Token updates are compare-and-set on `token_version`.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Connection, OAuthTokens } from '../model/connection.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { SecretBox } from './secret-box.js';
import type { ConnectionRepository, ConnectionSummary } from './store.js';

export const MASK = '••••••';
const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 100;
const MAX_FIELDS_JSON_BYTES = 64 * 1024;
const CONNECTION_STATUSES: ReadonlySet<string> = new Set(['unknown', 'working', 'failing']);

interface ConnectionRow {
  id: string;
  connector: string;
  name: string;
  fields_json: string;
  secret_fields_json: string;
  secrets_set_json: string;
  secrets_enc: string | null;
  tokens_enc: string | null;
  token_version: number;
  token_expires_at: number | null;
  label: string | null;
  status: Connection['status'];
  created_at: number;
  updated_at: number;
}

/** Fields for display: each secret field that has a value shown as `••••••`, empty secret fields left out. */
export function maskedView(connection: Pick<Connection, 'fields' | 'secretFields'>): Record<string, unknown> {
  const secret = new Set(connection.secretFields);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(connection.fields)) {
    if (value === undefined || (secret.has(name) && value === null)) continue;
    out[name] = secret.has(name) ? MASK : value;
  }
  return out;
}

function invalid(message: string): RuntimeError {
  return new RuntimeError('STORE_INVALID_VALUE', message, { actor: 'user' });
}

function checkName(kind: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    throw invalid(`${kind} name must be 1 to ${MAX_NAME_LENGTH} letters, digits, '_', '-' or '.', not starting with '-' or '.'`);
  }
}

export class SqliteConnectionRepository implements ConnectionRepository {
  private readonly insert: Database.Statement;
  private readonly selectAll: Database.Statement<[], ConnectionRow>;
  private readonly selectByConnector: Database.Statement<[string], ConnectionRow>;
  private readonly selectByName: Database.Statement<[string, string], ConnectionRow>;
  private readonly selectById: Database.Statement<[string], ConnectionRow>;
  private readonly updateStatusKeepLabel: Database.Statement;
  private readonly updateStatusAndLabel: Database.Statement;
  private readonly deleteById: Database.Statement;
  private readonly casTokens: Database.Statement;
  private readonly claimLease: Database.Statement;
  private readonly releaseLease: Database.Statement;
  private readonly selectEncrypted: Database.Statement<[], Pick<ConnectionRow, 'id' | 'connector' | 'name' | 'secrets_enc' | 'tokens_enc'>>;
  private readonly updateEncrypted: Database.Statement;

  constructor(db: Database.Database, private readonly box: SecretBox, private readonly now: () => number) {
    this.insert = db.prepare(`
      INSERT INTO connections (id, connector, name, fields_json, secret_fields_json, secrets_set_json, secrets_enc,
                               token_version, status, created_at, updated_at)
      VALUES (@id, @connector, @name, @fields_json, @secret_fields_json, @secrets_set_json, @secrets_enc,
              0, 'unknown', @now, @now)`);
    this.selectAll = db.prepare('SELECT * FROM connections ORDER BY connector, name');
    this.selectByConnector = db.prepare('SELECT * FROM connections WHERE connector = ? ORDER BY name');
    this.selectByName = db.prepare('SELECT * FROM connections WHERE connector = ? AND name = ?');
    this.selectById = db.prepare('SELECT * FROM connections WHERE id = ?');
    this.updateStatusKeepLabel = db.prepare('UPDATE connections SET status = ?, updated_at = ? WHERE id = ?');
    this.updateStatusAndLabel = db.prepare('UPDATE connections SET status = ?, label = ?, updated_at = ? WHERE id = ?');
    this.deleteById = db.prepare('DELETE FROM connections WHERE id = ?');
    this.claimLease = db.prepare(`
      UPDATE connections SET renewal_owner = @owner, renewal_until = @until
      WHERE id = @id AND (renewal_until IS NULL OR renewal_until <= @now OR renewal_owner = @owner)`);
    this.releaseLease = db.prepare('UPDATE connections SET renewal_owner = NULL, renewal_until = NULL WHERE id = ? AND renewal_owner = ?');
    // One statement: the version check and the write cannot interleave with another writer.
    this.casTokens = db.prepare(`
      UPDATE connections SET tokens_enc = ?, token_expires_at = ?, token_version = token_version + 1, updated_at = ?
      WHERE id = ? AND token_version = ?`);
    this.selectEncrypted = db.prepare(`
      SELECT id, connector, name, secrets_enc, tokens_enc FROM connections
      WHERE secrets_enc IS NOT NULL OR tokens_enc IS NOT NULL`);
    // Only the ciphertext changes: the token version stays, as the tokens themselves are the same.
    this.updateEncrypted = db.prepare('UPDATE connections SET secrets_enc = ?, tokens_enc = ? WHERE id = ? AND secrets_enc IS ? AND tokens_enc IS ?');
  }

  create(connector: string, name: string, fields: Readonly<Record<string, unknown>>, secretFieldNames: readonly string[]): Connection {
    checkName('connector', connector);
    checkName('connection', name);
    const secretNames = [...new Set(secretFieldNames)];
    const secretSet = new Set(secretNames);
    const plain: Record<string, unknown> = {};
    const secrets: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (!FIELD_NAME_PATTERN.test(field) || field === '__proto__') throw invalid(`'${field.slice(0, 100)}' is not a valid field name`);
      if (secretSet.has(field)) secrets[field] = value;
      else plain[field] = value;
    }
    const fieldsJson = JSON.stringify(plain);
    const secretsJson = JSON.stringify(secrets);
    if (Buffer.byteLength(fieldsJson) > MAX_FIELDS_JSON_BYTES || Buffer.byteLength(secretsJson) > MAX_FIELDS_JSON_BYTES) {
      throw invalid(`the fields of connection '${name}' are larger than ${MAX_FIELDS_JSON_BYTES / 1024} KiB`);
    }
    const id = randomUUID();
    const createdAt = this.now();
    try {
      this.insert.run({
        id,
        connector,
        name,
        fields_json: fieldsJson,
        secret_fields_json: JSON.stringify(secretNames),
        secrets_set_json: JSON.stringify(Object.keys(secrets).filter((k) => secrets[k] !== null)),
        secrets_enc: this.box.encrypt(secretsJson, secretsContext(id)),
        now: createdAt,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new RuntimeError(
          'STORE_CONNECTION_EXISTS',
          `connector '${connector}' already has a connection named '${name}': pick another name or delete that one first`,
          { actor: 'user' },
        );
      }
      throw e;
    }
    return Object.freeze({
      id, connector, name,
      fields: Object.freeze({ ...plain, ...secrets }),
      secretFields: Object.freeze(secretNames),
      tokenVersion: 0,
      status: 'unknown' as const,
      createdAt,
    });
  }

  list(connector?: string): ConnectionSummary[] {
    const rows = connector === undefined ? this.selectAll.all() : this.selectByConnector.all(connector);
    return rows.map(toSummary);
  }

  get(connector: string, name: string): Connection | undefined {
    const row = this.selectByName.get(connector, name);
    return row && this.toConnection(row);
  }

  getById(id: string): Connection | undefined {
    const row = this.selectById.get(id);
    return row && this.toConnection(row);
  }

  load(id: string): Connection | undefined {
    return this.getById(id);
  }

  updateStatus(id: string, status: Connection['status'], label?: string): boolean {
    if (!CONNECTION_STATUSES.has(status)) throw invalid(`unknown connection status '${String(status)}'`);
    const result = label === undefined
      ? this.updateStatusKeepLabel.run(status, this.now(), id)
      : this.updateStatusAndLabel.run(status, label.slice(0, 500), this.now(), id);
    return result.changes === 1;
  }

  delete(id: string): boolean {
    return this.deleteById.run(id).changes === 1;
  }

  saveTokens(id: string, tokens: OAuthTokens | undefined, expectedVersion: number): boolean {
    const encrypted = tokens === undefined ? null : this.box.encrypt(JSON.stringify(tokens), tokensContext(id));
    const expiresAt = typeof tokens?.expiresAt === 'number' && Number.isFinite(tokens.expiresAt) ? Math.round(tokens.expiresAt) : null;
    if (!Number.isSafeInteger(expectedVersion)) return false;
    return this.casTokens.run(encrypted, expiresAt, this.now(), id, expectedVersion).changes === 1;
  }

  claimRenewal(id: string, owner: string, ttlMs: number): boolean {
    const now = this.now();
    return this.claimLease.run({ id, owner, until: now + Math.max(0, Math.round(ttlMs)), now }).changes === 1;
  }

  releaseRenewal(id: string, owner: string): void {
    this.releaseLease.run(id, owner);
  }

  rewriteSecrets(): number {
    let changed = 0;
    for (const row of this.selectEncrypted.all()) {
      const what = `connection '${row.connector}/${row.name}'`;
      const reencrypt = (stored: string | null, context: string, part: string): string | null =>
        stored === null || this.box.isCurrent(stored) ? stored : this.box.encrypt(this.box.decrypt(stored, context, `the ${part} of ${what}`), context);
      const secrets = reencrypt(row.secrets_enc, secretsContext(row.id), 'secrets');
      const tokens = reencrypt(row.tokens_enc, tokensContext(row.id), 'OAuth tokens');
      if (secrets === row.secrets_enc && tokens === row.tokens_enc) continue;
      changed += this.updateEncrypted.run(secrets, tokens, row.id, row.secrets_enc, row.tokens_enc).changes;
    }
    return changed;
  }

  private toConnection(row: ConnectionRow): Connection {
    const what = `the secrets of connection '${row.connector}/${row.name}'`;
    const secrets = row.secrets_enc === null
      ? {}
      : JSON.parse(this.box.decrypt(row.secrets_enc, secretsContext(row.id), what)) as Record<string, unknown>;
    const tokens = row.tokens_enc === null
      ? undefined
      : JSON.parse(this.box.decrypt(row.tokens_enc, tokensContext(row.id), `the OAuth tokens of connection '${row.connector}/${row.name}'`)) as OAuthTokens;
    const connection: Connection = {
      id: row.id,
      connector: row.connector,
      name: row.name,
      fields: Object.freeze({ ...(JSON.parse(row.fields_json) as Record<string, unknown>), ...secrets }),
      secretFields: Object.freeze(JSON.parse(row.secret_fields_json) as string[]),
      ...(tokens ? { tokens: Object.freeze(tokens) } : {}),
      tokenVersion: row.token_version,
      ...(row.label === null ? {} : { label: row.label }),
      status: row.status,
      createdAt: row.created_at,
    };
    return Object.freeze(connection);
  }
}

function secretsContext(id: string): string {
  return `connection:${id}:secrets`;
}

function tokensContext(id: string): string {
  return `connection:${id}:tokens`;
}

function toSummary(row: ConnectionRow): ConnectionSummary {
  const masked: Record<string, unknown> = JSON.parse(row.fields_json) as Record<string, unknown>;
  for (const name of JSON.parse(row.secrets_set_json) as string[]) masked[name] = MASK;
  return Object.freeze({
    id: row.id,
    connector: row.connector,
    name: row.name,
    maskedFields: Object.freeze(masked),
    secretFields: Object.freeze(JSON.parse(row.secret_fields_json) as string[]),
    hasTokens: row.tokens_enc !== null,
    ...(row.token_expires_at === null ? {} : { tokenExpiresAt: row.token_expires_at }),
    tokenVersion: row.token_version,
    ...(row.label === null ? {} : { label: row.label }),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
