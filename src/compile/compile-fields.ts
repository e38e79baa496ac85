// Field definitions (inputs, outputs, options, connection fields, nested object fields) with their defaults:
// title = key, list false, required false.
import type { Choice, FieldDef, FieldType, Fields } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { CompileContext } from './compile-context.js';
import { asArray, asRecord, asString, entriesOf, isRecord } from './plain-data.js';

const FIELD_TYPES: ReadonlySet<string> = new Set(['text', 'number', 'boolean', 'datetime', 'object', 'file', 'dropdown', 'secret']);

export function compileFields(ctx: CompileContext, path: Path): Fields {
  const out: Record<string, FieldDef> = {};
  for (const [name] of entriesOf(ctx.get(path))) out[name] = compileField(ctx, [...path, name], name);
  return out;
}

export function compileField(ctx: CompileContext, path: Path, name: string): FieldDef {
  const raw = asRecord(ctx.get(path)) ?? {};
  const type = asString(raw.type);
  const help = asString(raw.help);
  return {
    name,
    title: asString(raw.title) ?? name,
    type: (type && FIELD_TYPES.has(type) ? type : 'text') as FieldType,
    list: raw.list === true,
    required: raw.required === true,
    origin: ctx.origin(path),
    ...(help !== undefined && { help }),
    // A copy: the model is frozen, the parsed file is not ours to freeze.
    ...(raw.default !== undefined && { default: structuredClone(raw.default) }),
    ...(raw.choices !== undefined && { choices: compileChoices(raw.choices) }),
    ...(raw.fields !== undefined && { fields: compileFields(ctx, [...path, 'fields']) }),
  };
}

/** Choices are plain values or `{value, label}` pairs; a plain value is its own label. */
export function compileChoices(raw: unknown): Choice[] {
  const out: Choice[] = [];
  for (const c of asArray(raw)) {
    if (isRecord(c)) {
      const value = c.value;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        out.push({ value, label: asString(c.label) ?? String(value) });
      }
    } else if (typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean') {
      out.push({ value: c, label: String(c) });
    }
  }
  return out;
}

/** The values a dropdown accepts. */
export function choiceValues(raw: unknown): (string | number | boolean)[] {
  return compileChoices(raw).map((c) => c.value);
}
