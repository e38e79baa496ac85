// Checking and encoding the values the event, registration and polling tables store. Everything here throws
// `STORE_INVALID_VALUE` before a row is written, so a bad value never costs other rows of a batch their commit.
import { createHash } from 'node:crypto';
import { RuntimeError } from '../errors/runtime-error.js';
import {
  EVENT_SOURCES, MAX_EVENT_PAYLOAD_BYTES, MAX_PLAIN_DEDUPE_KEY_CHARS,
  type EventError, type EventSource, type NewEvent,
} from './event-store.js';

const MAX_NAME_CHARS = 200;
const MAX_ERROR_CODE_CHARS = 200;
const MAX_ERROR_MESSAGE_CHARS = 2000;
/** Cursors and registration outputs are small state, not data. */
export const MAX_STATE_JSON_BYTES = 64 * 1024;
const SOURCES: ReadonlySet<string> = new Set(EVENT_SOURCES);

export function invalidValue(message: string): RuntimeError {
  return new RuntimeError('STORE_INVALID_VALUE', message, { actor: 'bug' });
}

/** Flow, connector, card, connection and monitor names. */
export function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS) {
    throw invalidValue(`${kind} must be a string of 1 to ${MAX_NAME_CHARS} characters`);
  }
  return name;
}

/** JSON text of a value; `undefined` is stored as null. Never echoes the value in errors. */
export function toJson(what: string, value: unknown, maxBytes: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw invalidValue(`${what} is not JSON-serializable (${(e as Error).name})`);
  }
  if (text === undefined) return 'null';
  // Byte length is at most 3x the UTF-16 length: skip the exact count for small texts.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) {
    throw invalidValue(`${what} is larger than ${Math.round(maxBytes / 1024)} KiB`);
  }
  return text;
}

/** Keys longer than the limit become `sha256:<hex>`: still unique in practice, and bounded. */
export function normalizeKey(what: string, key: unknown): string | null {
  if (key === undefined || key === null) return null;
  if (typeof key !== 'string') throw invalidValue(`${what} must be a string`);
  if (key.length <= MAX_PLAIN_DEDUPE_KEY_CHARS) return key;
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export interface EncodedEvent {
  readonly flow: string;
  readonly source: EventSource;
  readonly dedupeKey: string | null;
  readonly payloadJson: string;
}

export function encodeNewEvent(event: NewEvent): EncodedEvent {
  if (typeof event !== 'object' || event === null) throw invalidValue('an event must be an object');
  const flow = checkName('the flow of an event', event.flow);
  if (!SOURCES.has(event.source)) throw invalidValue(`an event's source must be one of ${EVENT_SOURCES.join(', ')}`);
  return {
    flow,
    source: event.source,
    dedupeKey: normalizeKey('the dedupe key of an event', event.dedupeKey),
    payloadJson: toJson(`the payload of an event of flow '${flow}'`, event.payload, MAX_EVENT_PAYLOAD_BYTES),
  };
}

/** `{code, message}` with both bounded; anything else in the error is dropped (it may hold payload data). */
export function encodeError(error: EventError): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<EventError>;
  const code = typeof e.code === 'string' && e.code !== '' ? e.code : 'UNKNOWN_ERROR';
  const message = typeof e.message === 'string' ? e.message : '';
  return JSON.stringify({ code: code.slice(0, MAX_ERROR_CODE_CHARS), message: message.slice(0, MAX_ERROR_MESSAGE_CHARS) });
}

export function decodeError(json: string | null): EventError | undefined {
  return json === null ? undefined : (JSON.parse(json) as EventError);
}

/** A time given by a caller: finite, stored as whole milliseconds. */
export function checkTime(what: string, t: unknown): number {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw invalidValue(`${what} must be a finite number of epoch milliseconds`);
  return Math.round(t);
}
