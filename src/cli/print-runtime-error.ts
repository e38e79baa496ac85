// A failed run as a person reads it on stderr: code and message, where in the definitions, what happened
// before, and who has to act. Everything shown passes through the redactor first.
import type { Actor, RuntimeError } from '../errors/runtime-error.js';
import { isRuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';
import { createRedactor, type Redactor } from '../store/redact.js';
import { printable } from './terminal-text.js';

const ADVICE: Readonly<Record<Actor, string>> = {
  author: 'fix the definition',
  operational: 'check the service or network',
  user: 'check your input or connection',
  bug: 'this is a bug in connector-runtime: please report it',
};

// Where a code says more precisely than its actor what to do on the command line.
const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  HTTP_PRIVATE_ADDRESS: 'set `allowPrivateNetwork: true` in the connector, or pass --allow-private-network (RUNTIME_ALLOW_PRIVATE_NETWORK=1) to allow it for this runtime',
  STORE_SECRET_KEY: 'check RUNTIME_SECRET_KEY, or the secret.key file in the data folder',
  STORE_OPEN: 'check the data folder (--data-dir, RUNTIME_DATA_DIR)',
};

const MAX_TRAIL_LINES = 20;

/** What the person at the terminal should do about an error of this actor (and code, when it says more). */
export function adviceFor(actor: Actor, code?: string): string {
  return (code !== undefined && Object.hasOwn(ADVICE_BY_CODE, code) ? ADVICE_BY_CODE[code] : undefined) ?? ADVICE[actor] ?? ADVICE.bug;
}

export interface ErrorPrintOptions {
  /** Where the failing step was defined, when the error itself carries no origin (from the step records). */
  readonly fallbackOrigin?: Origin;
  readonly redactor?: Redactor;
}

/**
 * ```
 * error HTTP_STATUS: GET http://127.0.0.1:8080/api/fail answered 500 Internal Server Error
 *   at connectors/shop.yaml:159:9
 *   | GET http://127.0.0.1:8080/api/fail answered 500
 *   | request at connectors/shop.yaml:159:9
 *   → check the service or network
 * ```
 */
export function formatRuntimeError(error: RuntimeError, options: ErrorPrintOptions = {}): string {
  const redactor = options.redactor ?? createRedactor([]);
  const line = (text: string) => printable(redactor.redactText(text));
  const out = [`error ${line(error.code)}: ${line(error.message)}`];
  const origin = error.origin ?? options.fallbackOrigin;
  if (origin) out.push(`  at ${line(`${origin.file}:${origin.line}:${origin.column}`)}`);
  const trail = error.trail.slice(-MAX_TRAIL_LINES);
  if (error.trail.length > trail.length) out.push(`  | … ${error.trail.length - trail.length} earlier entries`);
  for (const entry of trail) out.push(`  | ${line(entry)}`);
  out.push(`  → ${adviceFor(error.actor, error.code)}`);
  return `${out.join('\n')}\n`;
}

/** For anything thrown: RuntimeErrors in full, other errors as an internal error with their message only. */
export function formatAnyError(error: unknown, options: ErrorPrintOptions = {}): string {
  if (isRuntimeError(error)) return formatRuntimeError(error, options);
  const redactor = options.redactor ?? createRedactor([]);
  const message = error instanceof Error ? error.message : String(error);
  return `error INTERNAL_ERROR: ${printable(redactor.redactText(message))}\n  → ${adviceFor('bug')}\n`;
}
