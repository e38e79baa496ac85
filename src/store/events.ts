// The event queue in SQLite. Every state change is one statement (or one transaction), so several processes on
// one database never claim the same event twice; `requeueRunning` after a crash makes delivery at-least-once.
import type Database from 'better-sqlite3';
import { EVENT_ID_PATTERN, createEventIdGenerator } from './event-id.js';
import {
  EVENT_STATUSES, type AppendResult, type EventError, type EventListFilter, type EventQueue, type EventSource,
  type EventStatus, type NewEvent, type ReplaySelection, type StoredEvent,
} from './event-store.js';
import { checkName, checkTime, decodeError, encodeError, encodeNewEvent, invalidValue, type EncodedEvent } from './event-values.js';

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;
const MAX_CLAIM = 1000;
/** Rows read per step while replaying, so a large replay never holds every payload in memory at once. */
const REPLAY_CHUNK = 500;
const MAX_REPLAY_IDS = 10_000;

interface EventRow {
  seq: number;
  id: string;
  flow: string;
  source: EventSource;
  dedupe_key: string | null;
  payload_json: string;
  received_at: number;
  status: EventStatus;
  attempts: number;
  next_attempt_at: number;
  last_error_json: string | null;
  execution_id: string | null;
  replay_of: string | null;
  updated_at: number;
}

export class SqliteEventQueue implements EventQueue {
  private readonly nextId: () => string;
  private readonly insert: Database.Statement;
  private readonly claimDue: Database.Statement<[number, string, number, number], EventRow>;
  private readonly markSucceeded: Database.Statement;
  private readonly markRetry: Database.Statement;
  private readonly markFailed: Database.Statement;
  private readonly requeue: Database.Statement;
  private readonly retryFailed: Database.Statement;
  private readonly selectById: Database.Statement<[string], EventRow>;
  private readonly replayByFlow: Database.Statement<[string, number, number, number, number], EventRow>;
  private readonly maxSeq: Database.Statement<[], { m: number }>;
  private readonly countByStatus: Database.Statement<[], { status: EventStatus; n: number }>;
  private readonly pruneFinished: Database.Statement;
  private readonly listStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database, private readonly now: () => number) {
    this.nextId = createEventIdGenerator(now);
    // Duplicates of (flow, dedupe_key) are skipped; any other constraint failure is an error.
    this.insert = db.prepare(`
      INSERT INTO events (id, flow, source, dedupe_key, payload_json, received_at, status, attempts, next_attempt_at,
                          replay_of, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
      ON CONFLICT (flow, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`);
    this.claimDue = db.prepare(`
      UPDATE events SET status = 'running', attempts = attempts + 1, updated_at = ?
      WHERE seq IN (
        SELECT seq FROM events INDEXED BY events_due
        WHERE flow = ? AND status = 'pending' AND next_attempt_at <= ?
        ORDER BY next_attempt_at, seq LIMIT ?)
      RETURNING *`);
    this.markSucceeded = db.prepare(`
      UPDATE events SET status = 'succeeded', last_error_json = NULL, execution_id = coalesce(?, execution_id), updated_at = ?
      WHERE id = ? AND status = 'running'`);
    this.markRetry = db.prepare(`
      UPDATE events SET status = 'pending', next_attempt_at = ?, last_error_json = ?, execution_id = coalesce(?, execution_id),
                        updated_at = ?
      WHERE id = ? AND status = 'running'`);
    this.markFailed = db.prepare(`
      UPDATE events SET status = 'failed', last_error_json = ?, execution_id = coalesce(?, execution_id), updated_at = ?
      WHERE id = ? AND status = 'running'`);
    this.requeue = db.prepare(`
      UPDATE events SET status = 'pending', next_attempt_at = min(next_attempt_at, ?), updated_at = ? WHERE status = 'running'`);
    this.retryFailed = db.prepare(`
      UPDATE events SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'failed'`);
    this.selectById = db.prepare('SELECT * FROM events WHERE id = ?');
    this.replayByFlow = db.prepare(`
      SELECT * FROM events WHERE flow = ? AND received_at >= ? AND received_at < ? AND seq > ? ORDER BY seq LIMIT ?`);
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS m FROM events');
    this.countByStatus = db.prepare('SELECT status, count(*) AS n FROM events GROUP BY status');
    this.pruneFinished = db.prepare(`
      DELETE FROM events WHERE status IN ('succeeded', 'failed') AND updated_at < ?`);
  }

  append(events: readonly NewEvent[]): AppendResult {
    if (!Array.isArray(events)) throw invalidValue('append takes a list of events');
    // Check every event before writing any: a bad one must not leave half of the list behind.
    const encoded = events.map(encodeNewEvent);
    // One row is one statement, atomic by itself: no savepoint (about 10 us each) inside the ingress's group commit.
    if (encoded.length <= 1) return this.insertEncoded(encoded, null);
    return this.db.transaction(() => this.insertEncoded(encoded, null))();
  }

  claim(flow: string, limit: number, now: number = this.now()): StoredEvent[] {
    checkName('flow', flow);
    const n = Math.max(0, Math.min(Math.trunc(limit) || 0, MAX_CLAIM));
    if (n === 0) return [];
    const at = checkTime('now', now);
    const rows = this.claimDue.all(this.now(), flow, at, n);
    // RETURNING gives no order guarantee.
    rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.seq - b.seq);
    return rows.map(toStoredEvent);
  }

  succeed(id: string, executionId?: string): boolean {
    return this.markSucceeded.run(optionalId(executionId), this.now(), id).changes === 1;
  }

  fail(id: string, error: EventError, retryAt: number | undefined, executionId?: string): boolean {
    const errorJson = encodeError(error);
    const result = retryAt === undefined
      ? this.markFailed.run(errorJson, optionalId(executionId), this.now(), id)
      : this.markRetry.run(checkTime('retryAt', retryAt), errorJson, optionalId(executionId), this.now(), id);
    return result.changes === 1;
  }

  requeueRunning(): number {
    const now = this.now();
    return this.requeue.run(now, now).changes;
  }

  replay(select: ReplaySelection, intoFlow: string): string[] {
    checkName('the flow to replay into', intoFlow);
    const since = select.since === undefined ? Number.MIN_SAFE_INTEGER : checkTime('since', select.since);
    const until = select.until === undefined ? Number.MAX_SAFE_INTEGER : checkTime('until', select.until);
    const limit = select.limit === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, Math.trunc(select.limit) || 0);
    if (select.ids === undefined && select.flow === undefined) throw invalidValue('replay needs event ids or a flow');
    if (select.flow !== undefined) checkName('flow', select.flow);
    return this.db.transaction(() => {
      const ids: string[] = [];
      const copy = (rows: readonly EventRow[]): void => {
        const encoded = rows.map((r): EncodedEvent => ({ flow: intoFlow, source: 'replay', dedupeKey: null, payloadJson: r.payload_json }));
        ids.push(...this.insertEncoded(encoded, rows.map((r) => r.id)).inserted);
      };
      if (select.ids !== undefined) {
        if (select.ids.length > MAX_REPLAY_IDS) throw invalidValue(`replay takes at most ${MAX_REPLAY_IDS} ids at once`);
        const rows = [...new Set(select.ids)]
          .filter((id) => typeof id === 'string' && EVENT_ID_PATTERN.test(id))
          .map((id) => this.selectById.get(id))
          .filter((r): r is EventRow => r !== undefined
            && (select.flow === undefined || r.flow === select.flow)
            && r.received_at >= since && r.received_at < until)
          .sort((a, b) => a.seq - b.seq)
          .slice(0, limit);
        copy(rows);
        return ids;
      }
      // Only rows that existed before the replay started: the copies may land in the same flow.
      const lastSeq = this.maxSeq.get()!.m;
      let after = 0;
      while (ids.length < limit) {
        const rows = this.replayByFlow.all(select.flow!, since, until, after, Math.min(REPLAY_CHUNK, limit - ids.length))
          .filter((r) => r.seq <= lastSeq);
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.seq;
        copy(rows);
      }
      return ids;
    })();
  }

  retry(id: string): boolean {
    const now = this.now();
    return this.retryFailed.run(now, now, id).changes === 1;
  }

  get(id: string): StoredEvent | undefined {
    if (typeof id !== 'string') return undefined;
    const row = this.selectById.get(id);
    return row && toStoredEvent(row);
  }

  list(filter: EventListFilter = {}): StoredEvent[] {
    const limit = Math.max(1, Math.min(Math.trunc(filter.limit ?? DEFAULT_LIST_LIMIT) || DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT));
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.flow !== undefined) {
      where.push('flow = ?');
      params.push(checkName('flow', filter.flow));
    }
    if (filter.status !== undefined) {
      if (!EVENT_STATUSES.includes(filter.status)) throw invalidValue(`an event status is one of ${EVENT_STATUSES.join(', ')}`);
      where.push('status = ?');
      params.push(filter.status);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    let statement = this.listStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.listStatements.set(sql, statement);
    }
    return (statement.all(...params, limit) as EventRow[]).map(toStoredEvent);
  }

  counts(): Record<EventStatus, number> {
    const counts: Record<EventStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0 };
    for (const { status, n } of this.countByStatus.all()) counts[status] = n;
    return counts;
  }

  prune(before: number): number {
    return this.pruneFinished.run(checkTime('before', before)).changes;
  }

  /** Must run inside a transaction. `replayOf[i]` is the source event of `events[i]` when replaying. */
  insertEncoded(events: readonly EncodedEvent[], replayOf: readonly string[] | null): AppendResult {
    const inserted: string[] = [];
    let duplicates = 0;
    const now = this.now();
    events.forEach((e, i) => {
      const id = this.nextId();
      const changes = this.insert.run(id, e.flow, e.source, e.dedupeKey, e.payloadJson, now, now, replayOf?.[i] ?? null, now).changes;
      if (changes === 1) inserted.push(id);
      else duplicates++;
    });
    return { inserted, duplicates };
  }
}

function optionalId(id: string | undefined): string | null {
  return typeof id === 'string' && id !== '' ? id.slice(0, 200) : null;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    flow: row.flow,
    source: row.source,
    ...(row.dedupe_key === null ? {} : { dedupeKey: row.dedupe_key }),
    payload: JSON.parse(row.payload_json) as unknown,
    receivedAt: row.received_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error_json === null ? {} : { lastError: decodeError(row.last_error_json) }),
    ...(row.execution_id === null ? {} : { executionId: row.execution_id }),
    ...(row.replay_of === null ? {} : { replayOf: row.replay_of }),
    updatedAt: row.updated_at,
  };
}
