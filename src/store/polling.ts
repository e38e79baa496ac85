// Polling monitors: the cursor of each monitor and the keys of its most recently seen records. A poll result is
// committed in one transaction with the events it emits, so a crash either keeps all of it or none of it.
import type Database from 'better-sqlite3';
import type { EventError, MonitorState, PollingStore, PollResult } from './event-store.js';
import type { SqliteEventQueue } from './events.js';
import {
  MAX_STATE_JSON_BYTES, checkName, decodeError, encodeError, encodeNewEvent, invalidValue, normalizeKey, toJson,
  type EncodedEvent,
} from './event-values.js';

const MAX_DEDUPE_WINDOW = 1_000_000;
const MAX_RECORDS_PER_POLL = 100_000;

interface EncodedRecord {
  readonly key: string | null;
  /** Undefined on a seeding run: the key is remembered, nothing is emitted. */
  readonly event: EncodedEvent | undefined;
}

interface StateRow {
  monitor: string;
  cursor_json: string | null;
  seeded: number;
  last_run_at: number | null;
  last_error_json: string | null;
  seen_keys: number;
}

export class SqlitePollingStore implements PollingStore {
  private readonly selectState: Database.Statement<[string], Pick<StateRow, 'cursor_json' | 'seeded'>>;
  private readonly selectAll: Database.Statement<[], StateRow>;
  private readonly isSeen: Database.Statement<[string, string], { one: number }>;
  /** REPLACE gives a key seen again a new, highest rowid: it becomes the newest of the window. */
  private readonly remember: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly forgetAll: Database.Statement;
  private readonly saveSuccess: Database.Statement;
  private readonly saveFailure: Database.Statement;
  private readonly deleteState: Database.Statement;
  /** Built once: better-sqlite3's `db.transaction(fn)` costs more to create than an empty poll's writes. */
  private readonly commitEncoded: (monitor: string, window: number, cursorJson: string, records: readonly EncodedRecord[]) => { emitted: string[]; duplicates: number };

  constructor(private readonly db: Database.Database, private readonly events: SqliteEventQueue, private readonly now: () => number) {
    this.selectState = db.prepare('SELECT cursor_json, seeded FROM poll_state WHERE monitor = ?');
    this.selectAll = db.prepare(`
      SELECT s.*, (SELECT count(*) FROM poll_seen p WHERE p.monitor = s.monitor) AS seen_keys
      FROM poll_state s ORDER BY s.monitor`);
    this.isSeen = db.prepare('SELECT 1 AS one FROM poll_seen WHERE monitor = ? AND record_key = ?');
    this.remember = db.prepare('INSERT OR REPLACE INTO poll_seen (monitor, record_key, seen_at) VALUES (?, ?, ?)');
    this.trim = db.prepare(`
      DELETE FROM poll_seen WHERE monitor = @monitor AND rowid < (
        SELECT rowid FROM poll_seen WHERE monitor = @monitor ORDER BY rowid DESC LIMIT 1 OFFSET @keep - 1)`);
    this.forgetAll = db.prepare('DELETE FROM poll_seen WHERE monitor = ?');
    // Positional parameters (monitor, cursor, now, now): every poll runs it; binding by name costs an object and lookups.
    this.saveSuccess = db.prepare(`
      INSERT INTO poll_state (monitor, cursor_json, seeded, last_run_at, last_error_json, updated_at)
      VALUES (?, ?, 1, ?, NULL, ?)
      ON CONFLICT (monitor) DO UPDATE SET cursor_json = excluded.cursor_json, seeded = 1, last_run_at = excluded.last_run_at,
                                         last_error_json = NULL, updated_at = excluded.updated_at`);
    this.saveFailure = db.prepare(`
      INSERT INTO poll_state (monitor, cursor_json, seeded, last_run_at, last_error_json, updated_at)
      VALUES (@monitor, NULL, 0, @now, @error, @now)
      ON CONFLICT (monitor) DO UPDATE SET last_run_at = excluded.last_run_at, last_error_json = excluded.last_error_json,
                                         updated_at = excluded.updated_at`);
    this.deleteState = db.prepare('DELETE FROM poll_state WHERE monitor = ?');
    this.commitEncoded = db.transaction((monitor: string, window: number, cursorJson: string, records: readonly EncodedRecord[]) =>
      this.writeEncoded(monitor, window, cursorJson, records));
  }

  getCursor(monitor: string): { cursor: unknown; seeded: boolean } | undefined {
    const row = this.selectState.get(checkName('monitor', monitor));
    if (!row) return undefined;
    return { cursor: row.cursor_json === null ? undefined : JSON.parse(row.cursor_json) as unknown, seeded: row.seeded === 1 };
  }

  commitPollResult(input: PollResult): { emitted: string[]; duplicates: number } {
    const monitor = checkName('monitor', input.monitor);
    const flow = checkName('flow', input.flow);
    const window = input.dedupeWindow;
    if (!Number.isInteger(window) || window < 0 || window > MAX_DEDUPE_WINDOW) {
      throw invalidValue(`the dedupe window of monitor '${monitor}' must be a whole number from 0 to ${MAX_DEDUPE_WINDOW}`);
    }
    if (!Array.isArray(input.records)) throw invalidValue(`the records of monitor '${monitor}' must be a list`);
    if (input.records.length > MAX_RECORDS_PER_POLL) {
      throw invalidValue(`monitor '${monitor}' returned more than ${MAX_RECORDS_PER_POLL} records in one poll`);
    }
    const cursorJson = toJson(`the cursor of monitor '${monitor}'`, input.cursor, MAX_STATE_JSON_BYTES);
    if (input.records.length === 0) {
      // Most polls find nothing: one statement, atomic on its own, needs no savepoint of its own.
      const now = this.now();
      this.saveSuccess.run(monitor, cursorJson, now, now);
      return { emitted: [], duplicates: 0 };
    }
    // Encode everything first: nothing is written when one record is unusable.
    const records = input.records.map((r, i) => ({
      key: normalizeKey(`the key of record ${i} of monitor '${monitor}'`, (r as { key?: unknown } | null)?.key),
      event: input.emit ? encodeNewEvent({ flow, source: 'polling', payload: (r as { payload?: unknown } | null)?.payload }) : undefined,
    }));
    return this.commitEncoded(monitor, window, cursorJson, records);
  }

  private writeEncoded(
    monitor: string,
    window: number,
    cursorJson: string,
    records: readonly EncodedRecord[],
  ): { emitted: string[]; duplicates: number } {
    const now = this.now();
    const fresh: EncodedEvent[] = [];
    let duplicates = 0;
    let remembered = 0;
    for (const record of records) {
      if (record.key !== null) {
        if (this.isSeen.get(monitor, record.key)) duplicates++;
        else if (record.event) fresh.push(record.event);
        this.remember.run(monitor, record.key, now);
        remembered++;
      } else if (record.event) {
        fresh.push(record.event);
      }
    }
    const emitted = fresh.length ? this.events.insertEncoded(fresh, null).inserted : [];
    // Only remembering keys can push the window over its size; most polls return nothing.
    if (remembered > 0) {
      if (window === 0) this.forgetAll.run(monitor);
      else this.trim.run({ monitor, keep: window });
    }
    this.saveSuccess.run(monitor, cursorJson, now, now);
    return { emitted, duplicates };
  }

  recordFailure(monitor: string, error: EventError): void {
    this.saveFailure.run({ monitor: checkName('monitor', monitor), error: encodeError(error), now: this.now() });
  }

  list(): MonitorState[] {
    return this.selectAll.all().map((row) => ({
      monitor: row.monitor,
      cursor: row.cursor_json === null ? undefined : JSON.parse(row.cursor_json) as unknown,
      seeded: row.seeded === 1,
      ...(row.last_run_at === null ? {} : { lastRunAt: row.last_run_at }),
      ...(row.last_error_json === null ? {} : { lastError: decodeError(row.last_error_json) }),
      seenKeys: row.seen_keys,
    }));
  }

  remove(monitor: string): boolean {
    return this.db.transaction(() => {
      this.forgetAll.run(monitor);
      return this.deleteState.run(monitor).changes === 1;
    })();
  }
}
