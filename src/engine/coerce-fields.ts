// Typed cards: values are checked and coerced against declared fields before a flow runs (inputs, options)
// and after it (outputs). A violation names the card, the field and the value's type, never the value.
import type { FieldDef, Fields, Origin } from '../model/model.js';
import { isFileHandle } from '../model/file-handle.js';
import { RuntimeError } from '../errors/runtime-error.js';

export interface CoerceTarget {
  /** e.g. `github.create_issue`, shown in messages. */
  readonly card: string;
  readonly direction: 'input' | 'output' | 'option';
  readonly origin?: Origin;
  /** Keep values of undeclared fields (dynamic fields not known yet, or objects with extra keys). */
  readonly allowUnknown: boolean;
}

// ISO-8601 date or date-time with optional fraction and offset; Date.parse then confirms the calendar.
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function coerceFields(fields: Fields, values: unknown, target: CoerceTarget, path = ''): Record<string, unknown> {
  if (values === undefined || values === null) values = {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw mismatch(target, path || `${target.direction}s`, 'an object', values);
  }
  const given = values as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(fields)) {
    const fieldPath = path ? `${path}.${name}` : name;
    let value = Object.prototype.hasOwnProperty.call(given, name) ? given[name] : undefined;
    if (isEmpty(value) && def.default !== undefined) value = def.default;
    if (isEmpty(value)) {
      if (def.required) {
        throw new RuntimeError('TYPE_REQUIRED', `${target.card}: required ${target.direction} '${fieldPath}' (${def.title}) has no value`, {
          actor: target.direction === 'output' ? 'author' : 'user',
          origin: def.origin,
        });
      }
      continue;
    }
    out[name] = coerceField(def, value, target, fieldPath);
  }
  for (const name of Object.keys(given)) {
    if (name in fields) continue;
    if (!target.allowUnknown) {
      const known = Object.keys(fields);
      throw new RuntimeError('TYPE_UNKNOWN_FIELD', `${target.card}: unknown ${target.direction} '${path ? `${path}.` : ''}${name}'` +
        (known.length ? ` (declared: ${known.join(', ')})` : ''), { actor: 'user', origin: target.origin });
    }
    out[name] = given[name];
  }
  return out;
}

export function coerceField(def: FieldDef, value: unknown, target: CoerceTarget, path: string): unknown {
  if (def.list) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, i) => coerceScalar(def, item, target, `${path}[${i}]`));
  }
  if (Array.isArray(value)) throw mismatch(target, path, describeType(def), value);
  return coerceScalar(def, value, target, path);
}

function coerceScalar(def: FieldDef, value: unknown, target: CoerceTarget, path: string): unknown {
  switch (def.type) {
    case 'text':
    case 'secret':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw mismatch(target, path, 'Text', value);
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw mismatch(target, path, 'Number', value);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw mismatch(target, path, 'True/False', value);
    case 'datetime': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      if (typeof value === 'string' && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      throw mismatch(target, path, 'Date & Time (ISO-8601, e.g. 2026-11-23T18:00:00Z)', value);
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || isFileHandle(value)) {
        throw mismatch(target, path, 'Object', value);
      }
      if (!def.fields) return value;
      return coerceFields(def.fields, value, { ...target, allowUnknown: true }, path);
    }
    case 'file':
      if (isFileHandle(value)) return value;
      throw mismatch(target, path, 'File', value);
    case 'dropdown': {
      const choices = def.choices ?? [];
      const hit = choices.find((c) => c.value === value || String(c.value) === String(value));
      if (hit) return hit.value;
      throw new RuntimeError('TYPE_CHOICE', `${target.card}: ${target.direction} '${path}' must be one of ${choices.map((c) => String(c.value)).join(', ')}`, {
        actor: target.direction === 'output' ? 'author' : 'user',
        origin: def.origin,
      });
    }
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null;
}

function describeType(def: FieldDef): string {
  const names: Record<string, string> = {
    text: 'Text', number: 'Number', boolean: 'True/False', datetime: 'Date & Time', object: 'Object', file: 'File',
    dropdown: 'a choice', secret: 'Text',
  };
  return names[def.type] ?? def.type;
}

/** The type of a value in the words of the data types, for messages: never the value itself. */
export function valueTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isFileHandle(value)) return 'a File';
  switch (typeof value) {
    case 'string': return 'Text';
    case 'number': return Number.isFinite(value) ? 'a Number' : 'a non-finite number';
    case 'boolean': return 'True/False';
    case 'object': return 'an Object';
    default: return typeof value;
  }
}

function mismatch(target: CoerceTarget, path: string, expected: string, value: unknown): RuntimeError {
  return new RuntimeError(
    'TYPE_MISMATCH',
    `${target.card}: ${target.direction} '${path}' expects ${expected}, got ${valueTypeName(value)}`,
    { actor: target.direction === 'output' ? 'author' : 'user', origin: target.origin },
  );
}
