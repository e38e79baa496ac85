// Execution records: one row per execution, one per step. Every recorded value is redacted (the execution's
// secrets and credential-like keys) and size-capped when recorded; rows are written in group commits.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';
import { DEFAULT_MAX_RECORD_BYTES, capSerialized, createRedactor, type Redactor } from './redact.js';
import type {
  ExecutionDetail, ExecutionError, ExecutionLog, ExecutionQuery, ExecutionStatus, ExecutionSummary,
  StartExecution, StepRecord, StoredStep,
} from './store.js';
import type { WriteBatcher } from './write-batcher.js';

export interface ExecutionLogLimits {
  /** Per recorded value (input, output, error); larger ones become {truncated, size, preview}. */
  readonly maxValueBytes?: number;
  /** Steps beyond this are counted, not recorded (a forEach over 100,000 items). */
  readonly maxStepsPerExecution?: number;
}

const DEFAULT_MAX_STEPS = 10_000;
const MAX_LIST_LIMIT = 1000;
const MAX_MESSAGE_CHARS = 4096;
const MAX_TRAIL_ENTRIES = 20;
const MAX_TRAIL_ENTRY_CHARS = 500;
const MAX_LABEL_CHARS = 500;

interface LiveExecution {
  secrets: Set<string>;
  redactor: Redactor;
  steps: number;
  omitted: number;
}

interface ExecutionRow {
  id: string;
  kind: string;
  target: string;
  connection: string | null;
  status: ExecutionStatus;
  started_at: number;
  ended_at: number | null;
  input_json: string | null;
  output_json: string | null;
  error_json: string | null;
  step_count: number;
  steps_omitted: number;
}

interface StepRow {
  seq: number;
  step_id: string | null;
  kind: string;
  origin: string | null;
  status: StoredStep['status'];
  started_at: number;
  ended_at: number;
  input_json: string | null;
  output_json: string | null;
  error_json: string | null;
}

const SUMMARY_COLUMNS = 'id, kind, target, connection, status, started_at, ended_at, error_json, step_count, steps_omitted';

export class SqliteExecutionLog implements ExecutionLog {
  private readonly live = new Map<string, LiveExecution>();
  private readonly maxValueBytes: number;
  private readonly maxSteps: number;
  private readonly insertExecution: Database.Statement;
  private readonly insertStep: Database.Statement;
  private readonly finishExecution: Database.Statement;
  private readonly closeRunning: Database.Statement;
  private readonly deleteFinished: Database.Statement;
  private readonly selectOne: Database.Statement<[string], ExecutionRow>;
  private readonly selectSteps: Database.Statement<[string], StepRow>;
  private readonly listAll: Database.Statement<[number], ExecutionRow>;
  private readonly listByStatus: Database.Statement<[string, number], ExecutionRow>;
  private readonly listByTarget: Database.Statement<[string, number], ExecutionRow>;
  private readonly listByStatusAndTarget: Database.Statement<[string, string, number], ExecutionRow>;

  constructor(
    db: Database.Database,
    private readonly batcher: WriteBatcher,
    private readonly now: () => number,
    limits: ExecutionLogLimits = {},
  ) {
    this.maxValueBytes = limits.maxValueBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.maxSteps = limits.maxStepsPerExecution ?? DEFAULT_MAX_STEPS;
    this.insertExecution = db.prepare(`
      INSERT INTO executions (id, kind, target, connection, status, started_at, input_json)
      VALUES (?, ?, ?, ?, 'running', ?, ?)`);
    this.insertStep = db.prepare(`
      INSERT INTO execution_steps (execution_id, seq, step_id, kind, origin, status, started_at, ended_at,
                                   input_json, output_json, error_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.finishExecution = db.prepare(`
      UPDATE executions SET status = ?, ended_at = ?, output_json = ?, error_json = ?, step_count = ?, steps_omitted = ?
      WHERE id = ?`);
    this.deleteFinished = db.prepare(`DELETE FROM executions WHERE status <> 'running' AND started_at < ?`);
    this.closeRunning = db.prepare(`
      UPDATE executions SET status = 'failed', ended_at = ?, error_json = ?
      WHERE status = 'running' AND kind = ? AND started_at < ?`);
    this.selectOne = db.prepare('SELECT * FROM executions WHERE id = ?');
    this.selectSteps = db.prepare(`
      SELECT seq, step_id, kind, origin, status, started_at, ended_at, input_json, output_json, error_json
      FROM execution_steps WHERE execution_id = ? ORDER BY seq`);
    const newestFirst = 'ORDER BY started_at DESC, rowid DESC LIMIT ?';
    this.listAll = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions ${newestFirst}`);
    this.listByStatus = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = ? ${newestFirst}`);
    this.listByTarget = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE target = ? ${newestFirst}`);
    this.listByStatusAndTarget = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = ? AND target = ? ${newestFirst}`);
  }

  start(execution: StartExecution): string;
  start(kind: string, target: string, connection: string | undefined, input: unknown, secrets?: readonly string[]): string;
  start(
    first: StartExecution | string,
    target?: string,
    connection?: string,
    input?: unknown,
    secrets?: readonly string[],
  ): string {
    const e: StartExecution = typeof first === 'string' ? { kind: first, target: target ?? '', connection, input, secrets } : first;
    const id = randomUUID();
    const live: LiveExecution = { secrets: new Set(e.secrets ?? []), redactor: createRedactor(e.secrets ?? []), steps: 0, omitted: 0 };
    this.live.set(id, live);
    const row = [
      id,
      clip(String(e.kind), MAX_LABEL_CHARS),
      clip(String(e.target), MAX_LABEL_CHARS),
      e.connection === undefined ? null : clip(String(e.connection), MAX_LABEL_CHARS),
      this.now(),
      e.input === undefined ? null : this.serialize(live, e.input),
    ];
    this.batcher.enqueue(() => this.insertExecution.run(row));
    return id;
  }

  addSecrets(executionId: string, secrets: readonly string[]): void {
    const live = this.liveExecution(executionId);
    const before = live.secrets.size;
    for (const s of secrets) live.secrets.add(s);
    if (live.secrets.size !== before) live.redactor = createRedactor(live.secrets);
  }

  step(executionId: string, step: StepRecord): void {
    const live = this.liveExecution(executionId);
    const seq = ++live.steps;
    if (seq > this.maxSteps) {
      live.omitted++;
      return;
    }
    const row = [
      executionId,
      seq,
      step.stepId === undefined ? null : clip(String(step.stepId), MAX_LABEL_CHARS),
      clip(String(step.kind), MAX_LABEL_CHARS),
      step.origin ? clip(formatOrigin(step.origin), MAX_LABEL_CHARS) : null,
      String(step.status),
      toEpoch(step.startedAt),
      toEpoch(step.endedAt),
      step.input === undefined ? null : this.serialize(live, step.input),
      step.output === undefined ? null : this.serialize(live, step.output),
      step.error === undefined ? null : this.serializeError(live, step.error),
    ];
    this.batcher.enqueue(() => this.insertStep.run(row));
  }

  finish(executionId: string, status: 'succeeded' | 'failed', result?: unknown): void {
    const live = this.liveExecution(executionId);
    this.live.delete(executionId);
    const failed = status === 'failed';
    const row = [
      failed ? 'failed' : 'succeeded',
      this.now(),
      failed || result === undefined ? null : this.serialize(live, result),
      failed ? this.serializeError(live, result) : null,
      live.steps,
      live.omitted,
      executionId,
    ];
    this.batcher.enqueue(() => this.finishExecution.run(row));
  }

  list(query: ExecutionQuery = {}): ExecutionSummary[] {
    this.batcher.flush();
    const limit = Math.max(1, Math.min(Math.trunc(query.limit ?? 50) || 50, MAX_LIST_LIMIT));
    let rows: ExecutionRow[];
    if (query.status !== undefined && query.target !== undefined) rows = this.listByStatusAndTarget.all(query.status, query.target, limit);
    else if (query.status !== undefined) rows = this.listByStatus.all(query.status, limit);
    else if (query.target !== undefined) rows = this.listByTarget.all(query.target, limit);
    else rows = this.listAll.all(limit);
    return rows.map(toSummary);
  }

  show(executionId: string): ExecutionDetail | undefined {
    this.batcher.flush();
    const row = this.selectOne.get(executionId);
    if (!row) return undefined;
    const steps = this.selectSteps.all(executionId).map((s): StoredStep => ({
      seq: s.seq,
      ...(s.step_id === null ? {} : { stepId: s.step_id }),
      kind: s.kind,
      ...(s.origin === null ? {} : { origin: s.origin }),
      status: s.status,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      ...parsedField('input', s.input_json),
      ...parsedField('output', s.output_json),
      ...(s.error_json === null ? {} : { error: JSON.parse(s.error_json) as ExecutionError }),
    }));
    return {
      ...toSummary(row),
      ...parsedField('input', row.input_json),
      ...parsedField('output', row.output_json),
      steps,
    };
  }

  flush(): void {
    this.batcher.flush();
  }

  prune(before: number): number {
    this.batcher.flush();
    // Steps go with their execution (ON DELETE CASCADE); running executions are never removed.
    return this.deleteFinished.run(toEpoch(before)).changes;
  }

  closeAbandoned(kind: string, before: number, error: ExecutionError): number {
    this.batcher.flush();
    const record = JSON.stringify(toExecutionError(error, createRedactor([]), Math.floor(this.maxValueBytes / 2)));
    return this.closeRunning.run(this.now(), record, clip(String(kind), MAX_LABEL_CHARS), toEpoch(before)).changes;
  }

  private liveExecution(executionId: string): LiveExecution {
    const live = this.live.get(executionId);
    if (!live) {
      throw new RuntimeError('STORE_UNKNOWN_EXECUTION', `execution ${clip(String(executionId), 100)} was not started here or is already finished`, { actor: 'bug' });
    }
    return live;
  }

  private serialize(live: LiveExecution, value: unknown): string {
    return capSerialized(live.redactor.redact(value), this.maxValueBytes);
  }

  /** Not capped as a whole (code and message must survive): each part is bounded on its own. */
  private serializeError(live: LiveExecution, error: unknown): string {
    return JSON.stringify(toExecutionError(error, live.redactor, Math.floor(this.maxValueBytes / 2)));
  }
}

/** A RuntimeError, Error or {code, message, ...} as a redacted record with bounded message and trail. */
function toExecutionError(error: unknown, redactor: Redactor, maxBodyBytes: number): ExecutionError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<RuntimeError> & { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' && e.code !== '' ? e.code : error instanceof Error ? 'INTERNAL_ERROR' : 'UNKNOWN_ERROR';
  const rawMessage = typeof e.message === 'string' ? e.message : error === undefined ? '' : typeof error === 'object' ? '' : String(error);
  const record: { -readonly [K in keyof ExecutionError]: ExecutionError[K] } = {
    code: clip(redactor.redactText(code), 200),
    message: clip(redactor.redactText(rawMessage), MAX_MESSAGE_CHARS),
  };
  if (typeof e.actor === 'string') record.actor = e.actor;
  else if (error instanceof Error && !(error instanceof RuntimeError)) record.actor = 'bug';
  if (isOrigin(e.origin)) record.origin = { file: clip(e.origin.file, MAX_LABEL_CHARS), line: e.origin.line, column: e.origin.column };
  if (typeof e.status === 'number' && Number.isFinite(e.status)) record.status = e.status;
  if (e.body !== undefined) record.body = JSON.parse(capSerialized(redactor.redact(e.body), maxBodyBytes));
  if (Array.isArray(e.trail)) {
    record.trail = e.trail.slice(-MAX_TRAIL_ENTRIES).map((t) => clip(redactor.redactText(String(t)), MAX_TRAIL_ENTRY_CHARS));
  }
  return record;
}

function isOrigin(o: unknown): o is Origin {
  const x = o as Origin | undefined;
  return typeof x === 'object' && x !== null && typeof x.file === 'string' && typeof x.line === 'number' && typeof x.column === 'number';
}

function formatOrigin(origin: Origin): string {
  return `${origin.file}:${origin.line}:${origin.column}`;
}

function toEpoch(t: number): number {
  return Number.isFinite(t) ? Math.round(t) : 0;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

function parsedField<K extends string>(key: K, json: string | null): { [P in K]?: unknown } {
  return json === null ? {} : ({ [key]: JSON.parse(json) } as { [P in K]: unknown });
}

function toSummary(row: ExecutionRow): ExecutionSummary {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    ...(row.connection === null ? {} : { connection: row.connection }),
    status: row.status,
    startedAt: row.started_at,
    ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
    stepCount: row.step_count,
    stepsOmitted: row.steps_omitted,
    ...(row.error_json === null ? {} : { error: JSON.parse(row.error_json) as ExecutionError }),
  };
}
