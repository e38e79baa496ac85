// Webhook registrations: one row per webhook-triggered flow, holding the callback token (the unguessable part of
// the callback URL), when a register attempt started without recording its output (the reconciler then looks for
// the hook it may have made), and, encrypted, the runtime's webhook secret, the options it was registered with
// and what the register flow returned.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.js';
import type { DesiredRegistration, EventError, Registration, RegistrationStatus, RegistrationStore } from './event-store.js';
import { MAX_STATE_JSON_BYTES, checkName, checkTime, decodeError, encodeError, invalidValue, toJson } from './event-values.js';

const TOKEN_BYTES = 32;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Registrations kept for the ingress hot path; far more than any project's webhook flows. */
const MAX_CACHED_TOKENS = 10_000;
const MAX_CALLBACK_URL_CHARS = 2048;

interface RegistrationRow {
  flow: string;
  connector: string;
  card: string;
  connection: string;
  options_hash: string;
  callback_token: string;
  status: RegistrationStatus;
  output_enc: string | null;
  secret_enc: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error_json: string | null;
  registered_at: number | null;
  expires_at: number | null;
  callback_url: string | null;
  register_started_at: number | null;
  options_enc: string | null;
  updated_at: number;
}

export class SqliteRegistrationStore implements RegistrationStore {
  private readonly selectByFlow: Database.Statement<[string], RegistrationRow>;
  private readonly selectByToken: Database.Statement<[string], RegistrationRow>;
  private readonly selectAll: Database.Statement<[], RegistrationRow>;
  private readonly upsert: Database.Statement;
  private readonly setActive: Database.Statement;
  private readonly setFailed: Database.Statement;
  private readonly setDeregistering: Database.Statement;
  private readonly setRegistering: Database.Statement;
  private readonly setOptions: Database.Statement;
  private readonly deleteByFlow: Database.Statement;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly updateEncrypted: Database.Statement;
  /**
   * byToken answers by token, for the ingress hot path: a query and two AES-GCM decryptions per delivery were a
   * fifth of its cost. Valid while `PRAGMA data_version` (which changes when another connection commits) is
   * unchanged; every write of this store clears it. Only known tokens are kept, so junk cannot fill it.
   */
  private readonly byTokenCache = new Map<string, Registration>();
  private cachedVersion = -1;

  constructor(private readonly db: Database.Database, private readonly box: SecretBox, private readonly now: () => number) {
    this.selectByFlow = db.prepare('SELECT * FROM webhook_registrations WHERE flow = ?');
    this.selectByToken = db.prepare('SELECT * FROM webhook_registrations WHERE callback_token = ?');
    this.selectAll = db.prepare('SELECT * FROM webhook_registrations ORDER BY flow');
    this.upsert = db.prepare(`
      INSERT INTO webhook_registrations (flow, connector, card, connection, options_hash, callback_token, status, output_enc,
                                         secret_enc, attempts, next_attempt_at, last_error_json, registered_at, expires_at,
                                         options_enc, created_at, updated_at)
      VALUES (@flow, @connector, @card, @connection, @optionsHash, @token, 'pending', NULL, @secret, 0, NULL, NULL, NULL, NULL,
              @options, @now, @now)
      ON CONFLICT (flow) DO UPDATE SET
        connector = excluded.connector, card = excluded.card, connection = excluded.connection,
        options_hash = excluded.options_hash, callback_token = excluded.callback_token, status = 'pending', output_enc = NULL,
        secret_enc = excluded.secret_enc, attempts = 0, next_attempt_at = NULL, last_error_json = NULL, registered_at = NULL,
        expires_at = NULL, callback_url = NULL, register_started_at = NULL, options_enc = excluded.options_enc,
        updated_at = excluded.updated_at`);
    this.setActive = db.prepare(`
      UPDATE webhook_registrations SET status = 'active', output_enc = ?, attempts = 0, next_attempt_at = NULL,
                                       last_error_json = NULL, registered_at = ?, expires_at = ?, callback_url = ?,
                                       register_started_at = NULL, updated_at = ?
      WHERE flow = ?`);
    this.setFailed = db.prepare(`
      UPDATE webhook_registrations SET status = 'failed', attempts = attempts + 1, last_error_json = ?, next_attempt_at = ?,
                                       updated_at = ?
      WHERE flow = ?`);
    this.setDeregistering = db.prepare(`
      UPDATE webhook_registrations SET status = 'deregistering', updated_at = ? WHERE flow = ?`);
    this.setRegistering = db.prepare(`
      UPDATE webhook_registrations SET register_started_at = ?, updated_at = ? WHERE flow = ?`);
    this.setOptions = db.prepare('UPDATE webhook_registrations SET options_enc = ? WHERE flow = ?');
    this.deleteByFlow = db.prepare('DELETE FROM webhook_registrations WHERE flow = ?');
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.updateEncrypted = db.prepare(`
      UPDATE webhook_registrations SET secret_enc = ?, output_enc = ?, options_enc = ?
      WHERE flow = ? AND callback_token = ? AND secret_enc = ? AND output_enc IS ? AND options_enc IS ?`);
  }

  get(flow: string): Registration | undefined {
    if (typeof flow !== 'string') return undefined;
    const row = this.selectByFlow.get(flow);
    return row && this.toRegistration(row);
  }

  byToken(callbackToken: string): Registration | undefined {
    // Junk from the URL never reaches the database.
    if (typeof callbackToken !== 'string' || !TOKEN_PATTERN.test(callbackToken)) return undefined;
    // Inside a transaction the row may be uncommitted: read it, remember nothing.
    if (this.db.inTransaction) {
      const row = this.selectByToken.get(callbackToken);
      return row && this.toRegistration(row);
    }
    const version = this.dataVersion.get()!;
    if (version !== this.cachedVersion) {
      this.byTokenCache.clear();
      this.cachedVersion = version;
    }
    const cached = this.byTokenCache.get(callbackToken);
    if (cached) return cached;
    const row = this.selectByToken.get(callbackToken);
    if (!row) return undefined;
    const registration = this.toRegistration(row);
    if (registration.output !== undefined) deepFreeze(registration.output);
    if (this.byTokenCache.size >= MAX_CACHED_TOKENS) this.byTokenCache.clear();
    this.byTokenCache.set(callbackToken, registration);
    return registration;
  }

  list(): Registration[] {
    return this.selectAll.all().map((row) => this.toRegistration(row));
  }

  upsertDesired(desired: DesiredRegistration): Registration {
    const d = {
      flow: checkName('the flow of a registration', desired.flow),
      connector: checkName('connector', desired.connector),
      card: checkName('card', desired.card),
      connection: checkName('connection', desired.connection),
      optionsHash: checkName('options hash', desired.optionsHash),
    };
    const options = desired.options === undefined ? undefined : toJson(`the options of the webhook flow '${d.flow}'`, desired.options, MAX_STATE_JSON_BYTES);
    this.byTokenCache.clear();
    return this.db.transaction(() => {
      const existing = this.selectByFlow.get(d.flow);
      if (existing && existing.connector === d.connector && existing.card === d.card
        && existing.connection === d.connection && existing.options_hash === d.optionsHash) {
        if (existing.options_enc !== null || options === undefined) return this.toRegistration(existing);
        // Stored before the options were kept: keep them now (the hash says they are the same).
        this.setOptions.run(this.box.encrypt(options, optionsContext(d.flow, existing.callback_token)), d.flow);
        return this.toRegistration(this.selectByFlow.get(d.flow)!);
      }
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const secret = randomBytes(SECRET_BYTES).toString('base64url');
      this.upsert.run({
        ...d,
        token,
        secret: this.box.encrypt(secret, secretContext(d.flow, token)),
        options: options === undefined ? null : this.box.encrypt(options, optionsContext(d.flow, token)),
        now: this.now(),
      });
      return this.toRegistration(this.selectByFlow.get(d.flow)!);
    })();
  }

  markActive(flow: string, output: unknown, expiresAt?: number, callbackUrl?: string): boolean {
    this.byTokenCache.clear();
    const row = this.selectByFlow.get(checkName('flow', flow));
    if (!row) return false;
    const outputJson = toJson(`the output of the register flow of '${flow}'`, output, MAX_STATE_JSON_BYTES);
    const expires = expiresAt === undefined ? null : checkTime('expiresAt', expiresAt);
    const now = this.now();
    const encrypted = this.box.encrypt(outputJson, outputContext(row.flow, row.callback_token));
    const url = callbackUrl === undefined ? null : checkCallbackUrl(callbackUrl);
    return this.setActive.run(encrypted, now, expires, url, now, flow).changes === 1;
  }

  markRegistering(flow: string): boolean {
    this.byTokenCache.clear();
    const now = this.now();
    return this.setRegistering.run(now, now, checkName('flow', flow)).changes === 1;
  }

  markFailed(flow: string, error: EventError, nextAttemptAt: number): boolean {
    this.byTokenCache.clear();
    return this.setFailed.run(encodeError(error), checkTime('nextAttemptAt', nextAttemptAt), this.now(), flow).changes === 1;
  }

  markDeregistering(flow: string): boolean {
    this.byTokenCache.clear();
    return this.setDeregistering.run(this.now(), flow).changes === 1;
  }

  remove(flow: string): boolean {
    this.byTokenCache.clear();
    return this.deleteByFlow.run(flow).changes === 1;
  }

  /**
   * Re-encrypts with the primary key every value encrypted with a previous one, each under its own context, so
   * it reads back the same. Returns the rows changed. Run it in a transaction (Store.rewriteSecrets does).
   */
  rewriteSecrets(): number {
    this.byTokenCache.clear();
    let changed = 0;
    for (const row of this.selectAll.all()) {
      const what = `the webhook registration of flow '${row.flow}'`;
      const reencrypt = (stored: string | null, context: string, part: string): string | null =>
        stored === null || this.box.isCurrent(stored) ? stored : this.box.encrypt(this.box.decrypt(stored, context, `the ${part} of ${what}`), context);
      const secret = reencrypt(row.secret_enc, secretContext(row.flow, row.callback_token), 'secret')!;
      const output = reencrypt(row.output_enc, outputContext(row.flow, row.callback_token), 'output');
      const options = reencrypt(row.options_enc, optionsContext(row.flow, row.callback_token), 'options');
      if (secret === row.secret_enc && output === row.output_enc && options === row.options_enc) continue;
      changed += this.updateEncrypted.run(secret, output, options, row.flow, row.callback_token, row.secret_enc, row.output_enc, row.options_enc).changes;
    }
    return changed;
  }

  private toRegistration(row: RegistrationRow): Registration {
    const what = `the webhook registration of flow '${row.flow}'`;
    const secret = this.box.decrypt(row.secret_enc, secretContext(row.flow, row.callback_token), `the secret of ${what}`);
    const output = row.output_enc === null
      ? undefined
      : JSON.parse(this.box.decrypt(row.output_enc, outputContext(row.flow, row.callback_token), `the output of ${what}`)) as unknown;
    const options = row.options_enc === null
      ? undefined
      : JSON.parse(this.box.decrypt(row.options_enc, optionsContext(row.flow, row.callback_token), `the options of ${what}`)) as Record<string, unknown>;
    return Object.freeze({
      flow: row.flow,
      connector: row.connector,
      card: row.card,
      connection: row.connection,
      optionsHash: row.options_hash,
      ...(options === undefined ? {} : { options }),
      callbackToken: row.callback_token,
      status: row.status,
      ...(output === undefined ? {} : { output }),
      secret,
      attempts: row.attempts,
      ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
      ...(row.last_error_json === null ? {} : { lastError: decodeError(row.last_error_json) }),
      ...(row.registered_at === null ? {} : { registeredAt: row.registered_at }),
      ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
      ...(row.callback_url === null ? {} : { callbackUrl: row.callback_url }),
      ...(row.register_started_at === null ? {} : { registerStartedAt: row.register_started_at }),
      updatedAt: row.updated_at,
    });
  }
}

function checkCallbackUrl(url: string): string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_CALLBACK_URL_CHARS) {
    throw invalidValue(`a callback URL must be a string of 1 to ${MAX_CALLBACK_URL_CHARS} characters`);
  }
  return url;
}

/** Cached registrations are shared between callers: none may change another's copy. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

// Bound to the flow and token: a ciphertext copied to another row (or kept across a re-registration) does not decrypt.
function secretContext(flow: string, token: string): string {
  return `registration:${flow}:${token}:secret`;
}

function outputContext(flow: string, token: string): string {
  return `registration:${flow}:${token}:output`;
}

function optionsContext(flow: string, token: string): string {
  return `registration:${flow}:${token}:options`;
}
