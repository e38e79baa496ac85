// What a polling monitor's body must return: `{records, cursor}`. JSONata gives an empty result as undefined and
// may give a one-element list as the element itself, so `records` may be a list, one record, or absent (none).
// An absent `cursor` keeps the previous one. Each record gets its dedupe key (the event's `dedupeKey` over it).
import type { Expression, Origin, Scope } from '../model/model.js';
import type { PolledRecord } from '../store/event-store.js';
import { RuntimeError } from '../errors/runtime-error.js';
import { canonicalJson } from './canonical-json.js';

export interface PollBatch {
  /** In the order the monitor returned them (taken to be oldest first). */
  readonly records: PolledRecord[];
  readonly cursor: unknown;
}

export async function readPollResult(
  value: unknown,
  previousCursor: unknown,
  def: { readonly dedupeKey?: Expression; readonly origin: Origin; readonly label: string; readonly maxRecords: number },
): Promise<PollBatch> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(def, `returned ${describe(value)}; a polling monitor must return {records, cursor}`);
  }
  const result = value as Record<string, unknown>;
  const raw = result.records;
  let list: unknown[];
  if (raw === undefined || raw === null) list = [];
  else if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'object') list = [raw];
  else throw invalid(def, `returned records as ${describe(raw)}; records must be a list of objects`);
  if (list.length > def.maxRecords) {
    throw invalid(def, `returned ${list.length} records in one run; at most ${def.maxRecords} are taken (page with the cursor)`);
  }
  const records: PolledRecord[] = [];
  for (const payload of list) {
    const key = def.dedupeKey ? keyText(await def.dedupeKey.evaluate(payload as Scope)) : undefined;
    records.push(key === undefined ? { payload } : { key, payload });
  }
  const cursor = result.cursor === undefined ? previousCursor : result.cursor;
  return { records, cursor };
}

/** Strings as they are, numbers and booleans as text, lists and objects as canonical JSON; nothing for empty. */
export function keyText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

function invalid(def: { origin: Origin; label: string }, what: string): RuntimeError {
  return new RuntimeError('POLL_RESULT_INVALID', `polling monitor of ${def.label} ${what}`, { actor: 'author', origin: def.origin });
}

/** The shape of a value, never the value (it may be data from the service). */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
