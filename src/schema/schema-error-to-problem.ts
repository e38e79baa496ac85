// Turns one ajv error into one problem: a path in the file, whether to point at the key or the value,
// a diagnostic code and a message in plain words. Wrapper errors that repeat an inner one give none.
import type { AnySchemaObject, ErrorObject } from 'ajv';
import type { Path, PathSegment } from '../source/source-file.js';
import { closestWord } from './closest-word.js';
import { FORMAT_WORDS, PATTERN_WORDS, showValue, typeWords, valueKindWords } from './value-words.js';

export interface SchemaProblem {
  readonly path: Path;
  readonly at: 'key' | 'value';
  readonly code: 'DEF_UNKNOWN_PROPERTY' | 'DEF_MISSING_PROPERTY' | 'DEF_TYPE' | 'DEF_INVALID_VALUE';
  readonly message: string;
  readonly hint?: string;
  /** For an unknown key: the valid key suggested, so a "missing" error for that key can be dropped. */
  readonly suggested?: string;
  /** Path of the property the problem is about (the missing or unknown key included), for de-duplication. */
  readonly subject: Path;
}

// Errors that only say "one of the inner errors happened"; the inner ones are reported.
const WRAPPER_KEYWORDS = new Set(['propertyNames', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not', '$ref']);

const CONNECTOR_ONLY_STEPS = new Set(['request', 'call', 'code']);

export function schemaErrorToProblem(error: ErrorObject, root: unknown): SchemaProblem | undefined {
  if (WRAPPER_KEYWORDS.has(error.keyword)) return undefined;
  const path = pointerToPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as AnySchemaObject;

  // A rule on a map's keys (propertyNames): point at the offending key itself.
  if (error.propertyName !== undefined) {
    const keyPath = [...path, error.propertyName];
    return { path: keyPath, at: 'key', code: 'DEF_INVALID_VALUE', message: valueMessage(error, error.propertyName), subject: keyPath };
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      const valid = Object.keys((parentSchema.properties ?? {}) as Record<string, unknown>);
      const suggested = closestWord(key, valid);
      const hint =
        parentSchema.title === 'Flow step' && CONNECTOR_ONLY_STEPS.has(key)
          ? 'request, call and code steps belong in connector flows; a user flow runs a card with `action`'
          : undefined;
      return {
        path: keyPath,
        at: 'key',
        code: 'DEF_UNKNOWN_PROPERTY',
        message: `unknown property ${showValue(key)}${suggested ? ` (did you mean '${suggested}'?)` : ''}`,
        hint,
        suggested,
        subject: keyPath,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const last = path[path.length - 1];
      // Point at the parent's key; the root and list items have none, so point at the value there.
      const at = last === undefined || typeof last === 'number' ? 'value' : 'key';
      return { path, at, code: 'DEF_MISSING_PROPERTY', message: `missing required property '${missing}'`, subject: [...path, missing] };
    }
    case 'type': {
      const expected = params.type as string | string[];
      return {
        path,
        at: 'value',
        code: 'DEF_TYPE',
        message: `expected ${typeWords(expected)}, found ${valueKindWords(error.data, expected)}`,
        hint: textHint(parentSchema, error.data),
        subject: path,
      };
    }
    default:
      return { path, at: 'value', code: 'DEF_INVALID_VALUE', message: valueMessage(error, error.data), subject: path };
  }
}

function valueMessage(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  const shown = showValue(value);
  switch (error.keyword) {
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggested = typeof value === 'string' ? closestWord(value, allowed) : undefined;
      return `${shown} is not one of ${allowed.join(', ')}${suggested ? ` (did you mean '${suggested}'?)` : ''}`;
    }
    case 'const':
      return `expected ${showValue(params.allowedValue)}, found ${shown}`;
    case 'pattern': {
      const words = PATTERN_WORDS[String(params.pattern)];
      return words ? `${shown} ${words}` : `${shown} does not have the expected form ${String(params.pattern)}`;
    }
    case 'format':
      return `${shown} ${FORMAT_WORDS[String(params.format)] ?? `is not a valid ${String(params.format)}`}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${shown} is too small: the minimum is ${String(params.limit)}${error.keyword === 'exclusiveMinimum' ? ' (exclusive)' : ''}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${shown} is too large: the maximum is ${String(params.limit)}${error.keyword === 'exclusiveMaximum' ? ' (exclusive)' : ''}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `${shown} is shorter than ${String(params.limit)} characters`;
    case 'maxLength':
      return `text is longer than ${String(params.limit)} characters`;
    case 'minItems':
      return `the list needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `the list has more than ${String(params.limit)} items`;
    case 'minProperties':
      return `the map needs at least ${String(params.limit)} key${params.limit === 1 ? '' : 's'}`;
    case 'maxProperties':
      return `the map has more than ${String(params.limit)} keys`;
    default:
      return `${shown}: ${error.message ?? 'is not valid'}`;
  }
}

/** A number or true/false where text is expected usually only needs quotes (`version: 1.2`, `map: 5`). */
function textHint(schema: AnySchemaObject, value: unknown): string | undefined {
  if (schema.type !== 'string' || (typeof value !== 'number' && typeof value !== 'boolean')) return undefined;
  const what = schema.title === 'JSONata expression' ? ' (a JSONata expression is text)' : schema.title === 'Handlebars template' ? ' (a template is text)' : '';
  return `write it in quotes: "${String(value)}"${what}`;
}

/** A JSON pointer (`/steps/0/request`) as a path; list positions become numbers. */
export function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
