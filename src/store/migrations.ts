// Schema migrations: an append-only list. Migration i (0-based) brings the database to `user_version` i + 1.
// Never edit a released migration; add a new one.
import type Database from 'better-sqlite3';
import { RuntimeError } from '../errors/runtime-error.js';

export const MIGRATIONS: readonly string[] = [
  // 1: connections, files, execution records, dynamic fields cache
  `
  CREATE TABLE connections (
    id                 TEXT PRIMARY KEY,
    connector          TEXT NOT NULL,
    name               TEXT NOT NULL,
    fields_json        TEXT NOT NULL,            -- non-secret fields, plain JSON
    secret_fields_json TEXT NOT NULL,            -- declared secret field names
    secrets_set_json   TEXT NOT NULL,            -- secret field names that have a value (for masked views)
    secrets_enc        TEXT,                     -- secret-box text of {name: value} of the secret fields
    tokens_enc         TEXT,                     -- secret-box text of the OAuth tokens
    token_version      INTEGER NOT NULL DEFAULT 0,
    token_expires_at   INTEGER,
    label              TEXT,
    status             TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'working', 'failing')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (connector, name)
  ) STRICT;

  CREATE TABLE files (
    id           TEXT PRIMARY KEY,               -- 32 hex characters; also the file name under files/
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE executions (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    target        TEXT NOT NULL,
    connection    TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    input_json    TEXT,                          -- redacted and size-capped
    output_json   TEXT,
    error_json    TEXT,
    step_count    INTEGER NOT NULL DEFAULT 0,
    steps_omitted INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX executions_by_time   ON executions (started_at DESC);
  CREATE INDEX executions_by_status ON executions (status, started_at DESC);
  CREATE INDEX executions_by_target ON executions (target, started_at DESC);

  CREATE TABLE execution_steps (
    execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    step_id      TEXT,
    kind         TEXT NOT NULL,
    origin       TEXT,                           -- file:line:column
    status       TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER NOT NULL,
    input_json   TEXT,
    output_json  TEXT,
    error_json   TEXT,
    PRIMARY KEY (execution_id, seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE dynamic_fields_cache (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    card          TEXT NOT NULL,
    options_hash  TEXT NOT NULL,
    value_json    TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (connection_id, card, options_hash)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX dynamic_fields_cache_by_expiry ON dynamic_fields_cache (expires_at);
  `,
  // 2: events (the work queue of user flows), webhook registrations, polling cursors and seen keys
  `
  CREATE TABLE events (
    seq             INTEGER PRIMARY KEY,         -- arrival order
    id              TEXT NOT NULL UNIQUE,        -- public id: a ULID
    flow            TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('webhook', 'polling', 'schedule', 'manual', 'replay')),
    dedupe_key      TEXT,
    payload_json    TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error_json TEXT,                        -- {code, message}
    execution_id    TEXT,                        -- the execution record of the last attempt
    replay_of       TEXT,                        -- the event a replayed payload was copied from
    updated_at      INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX events_dedupe ON events (flow, dedupe_key) WHERE dedupe_key IS NOT NULL;
  -- claim: due pending events of a flow, longest-due first (rowid = seq breaks ties)
  CREATE INDEX events_due ON events (flow, status, next_attempt_at);
  CREATE INDEX events_by_status ON events (status, updated_at);

  CREATE TABLE webhook_registrations (
    flow            TEXT PRIMARY KEY,
    connector       TEXT NOT NULL,
    card            TEXT NOT NULL,
    connection      TEXT NOT NULL,
    options_hash    TEXT NOT NULL,
    callback_token  TEXT NOT NULL UNIQUE,        -- 32 random bytes, base64url
    status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'failed', 'deregistering')),
    output_enc      TEXT,                        -- secret-box text of what the register flow returned
    secret_enc      TEXT NOT NULL,               -- secret-box text of the runtime-generated webhook secret
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error_json TEXT,
    registered_at   INTEGER,
    expires_at      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE poll_state (
    monitor         TEXT PRIMARY KEY,            -- the flow name
    cursor_json     TEXT,
    seeded          INTEGER NOT NULL DEFAULT 0,
    last_run_at     INTEGER,
    last_error_json TEXT,
    updated_at      INTEGER NOT NULL
  ) STRICT;

  -- Keys of recently polled records; rowid order = recency (a key seen again is re-inserted as the newest).
  CREATE TABLE poll_seen (
    monitor    TEXT NOT NULL,
    record_key TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    UNIQUE (monitor, record_key)
  ) STRICT;
  CREATE INDEX poll_seen_by_recency ON poll_seen (monitor);
  `,
  // 3: the callback URL a registration was made with, so a changed public URL (a new tunnel address) moves the hook
  `
  ALTER TABLE webhook_registrations ADD COLUMN callback_url TEXT;
  `,
  // 4: a register attempt started and not recorded (a crash or lost answer may have left a remote hook: find it
  // before registering again), and the options the hook was registered with (deregister sees them after an edit)
  `
  ALTER TABLE webhook_registrations ADD COLUMN register_started_at INTEGER;
  ALTER TABLE webhook_registrations ADD COLUMN options_enc TEXT;
  `,
  // 5: who is renewing a connection's OAuth tokens, until when: one token request across processes
  `
  ALTER TABLE connections ADD COLUMN renewal_owner TEXT;
  ALTER TABLE connections ADD COLUMN renewal_until INTEGER;
  `,
];

/** Applies the migrations the database has not seen yet, each in its own transaction. Returns how many ran. */
export function applyMigrations(db: Database.Database, migrations: readonly string[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new RuntimeError(
      'STORE_SCHEMA_NEWER',
      `the database schema is version ${current} but this runtime knows only up to ${migrations.length}: use a newer runtime`,
      { actor: 'operational' },
    );
  }
  let applied = 0;
  for (let version = current + 1; version <= migrations.length; version++) {
    db.transaction(() => {
      // Re-read inside the transaction: another process may have migrated meanwhile.
      const seen = db.pragma('user_version', { simple: true }) as number;
      if (seen >= version) return;
      db.exec(migrations[version - 1]!);
      db.pragma(`user_version = ${version}`);
      applied++;
    }).immediate();
  }
  return applied;
}
