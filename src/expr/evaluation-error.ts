// Maps what jsonata throws during evaluation to a RuntimeError. jsonata fills some messages with the value
// that failed ("... Given \"secret\""): such inserts are cut so messages never carry data.
import type { Origin } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { ExpressionLimits } from './compile-expression.js';

interface JsonataRuntimeError {
  code?: unknown;
  position?: unknown;
  token?: unknown;
  value?: unknown;
  message?: unknown;
}

const MAX_MESSAGE = 300;

export function evaluationError(err: unknown, origin: Origin, limits: Readonly<ExpressionLimits>): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const options = { actor: 'author' as const, origin, cause: err };
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new RuntimeError('EXPR_DEPTH', 'expression recursed too deeply (JavaScript stack exhausted)', options);
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as JsonataRuntimeError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const at = typeof e.position === 'number' ? ` at character ${e.position}` : '';
  if (code === 'D1012') {
    return new RuntimeError('EXPR_TIMEOUT', `expression ran longer than ${limits.timeoutMs} ms${at} (D1012); check for an endless loop`, options);
  }
  if (code === 'D1011') {
    return new RuntimeError('EXPR_DEPTH', `expression nested deeper than ${limits.maxDepth} levels${at} (D1011); check for endless recursion`, options);
  }
  const raw = typeof e.message === 'string' && e.message !== '' ? e.message : 'evaluation failed';
  const message = withoutValue(raw, e.value).replace(/\s+/g, ' ').trim();
  const short = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
  return new RuntimeError('EXPR_EVALUATION', `${short}${code ? ` (${code}${at})` : at}`, options);
}

/** jsonata inserts `value` as JSON text into its message templates; replace that text with a placeholder. */
function withoutValue(message: string, value: unknown): string {
  if (value === undefined) return message;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || text === '' || !message.includes(text)) return message;
  return message.split(text).join(`<${describe(value)}>`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
