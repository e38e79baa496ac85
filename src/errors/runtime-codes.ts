// The one registry of runtime error codes: every code a RuntimeError, a stored event or execution error, or an
// error answer of the runtime's HTTP server can carry. Each area keeps its own map of descriptions next to the
// code that raises them; this file gathers them and says who usually acts on each. docs/errors.md ("Runtime
// errors") documents every code, and test/docs/runtime-codes.test.ts keeps registry, docs and src/ in sync.
// (Load-time diagnostic codes are a separate registry: ./codes.ts.)
import type { Actor } from './runtime-error.js';
import { AUTH_ERROR_CODES } from '../auth/auth-errors.js';
import { CLI_ERROR_CODES } from '../cli/cli-errors.js';
import { ENGINE_ERROR_CODES } from '../engine/engine-errors.js';
import { EXPR_ERROR_CODES } from '../expr/expr-errors.js';
import { HTTP_ERROR_CODES } from '../http/error-codes.js';
import { MANUAL_RUN_ERROR_CODES } from '../runtime/manual-run-errors.js';
import { SERVER_ERROR_CODES } from '../server/server-errors.js';
import { STORE_ERROR_CODES } from '../store/store-errors.js';
import { TEMPLATE_ERROR_CODES } from '../template/template-errors.js';
import { TEST_ERROR_CODES } from '../testing/test-error-codes.js';
import { TRIGGER_ERROR_CODES } from '../triggers/trigger-errors.js';

/** Every area's map, in the order docs/errors.md lists them. Codes are unique across areas (a test checks). */
export const RUNTIME_CODE_AREAS = {
  engine: ENGINE_ERROR_CODES,
  expr: EXPR_ERROR_CODES,
  template: TEMPLATE_ERROR_CODES,
  http: HTTP_ERROR_CODES,
  auth: AUTH_ERROR_CODES,
  store: STORE_ERROR_CODES,
  triggers: TRIGGER_ERROR_CODES,
  server: SERVER_ERROR_CODES,
  manualRuns: MANUAL_RUN_ERROR_CODES,
  cli: CLI_ERROR_CODES,
  testing: TEST_ERROR_CODES,
} as const;

type Areas = typeof RUNTIME_CODE_AREAS;
export type RuntimeCode = { [A in keyof Areas]: keyof Areas[A] }[keyof Areas];

export interface RuntimeCodeInfo {
  /** Who usually acts; a raised error carries the actor of its own case (e.g. TYPE_MISMATCH on an output is the author's). */
  readonly actor: Actor;
  /** One sentence: what happened. */
  readonly description: string;
}

// Typed over every code: a code added to an area's map does not compile until it has an actor here.
const ACTORS: Readonly<Record<RuntimeCode, Actor>> = {
  // engine
  TYPE_REQUIRED: 'user',
  TYPE_MISMATCH: 'user',
  TYPE_CHOICE: 'user',
  TYPE_UNKNOWN_FIELD: 'user',
  RUN_UNKNOWN_CONNECTOR: 'user',
  RUN_UNKNOWN_CARD: 'user',
  RUN_CALL_DEPTH: 'author',
  RUN_TOO_MANY_ITEMS: 'author',
  RUN_ABORTED: 'operational',
  RUN_INTERNAL: 'bug',
  CONNECTION_REQUIRED: 'user',
  CONNECTION_MISMATCH: 'user',
  CONNECTION_NOT_FOUND: 'user',
  CODE_LOAD: 'author',
  CODE_EXPORT: 'author',
  CODE_FAILED: 'author',
  FLOW_RAISED: 'user',
  DYNAMIC_FIELDS_INVALID: 'author',
  HTTP_BASE_URL: 'user',
  // expr, template
  EXPR_EVALUATION: 'author',
  EXPR_TIMEOUT: 'author',
  EXPR_DEPTH: 'author',
  TPL_RENDER: 'author',
  // http
  HTTP_STATUS: 'operational',
  HTTP_NETWORK: 'operational',
  HTTP_TIMEOUT: 'operational',
  HTTP_ABORTED: 'operational',
  HTTP_HOST_NOT_ALLOWED: 'author',
  HTTP_PRIVATE_ADDRESS: 'author',
  HTTP_URL_INVALID: 'author',
  HTTP_HEADER_INVALID: 'author',
  HTTP_BODY_INVALID: 'author',
  HTTP_BAD_RESPONSE: 'operational',
  HTTP_RESPONSE_TOO_LARGE: 'operational',
  HTTP_RATE_QUEUE_FULL: 'operational',
  HTTP_NO_FILE_STORE: 'bug',
  // auth
  AUTH_FIELD_MISSING: 'user',
  AUTH_FIELD_INVALID: 'user',
  AUTH_HEADER_INVALID: 'user',
  AUTH_NOT_CONNECTED: 'user',
  AUTH_STATE_MISMATCH: 'user',
  AUTH_DENIED: 'user',
  AUTH_TOKEN_REQUEST: 'operational',
  AUTH_TOKEN_NETWORK: 'operational',
  AUTH_REFRESH_FAILED: 'user',
  AUTH_UNSUPPORTED: 'author',
  AUTH_REVOKE_FAILED: 'operational',
  // store
  STORE_OPEN: 'operational',
  STORE_SCHEMA_NEWER: 'operational',
  STORE_SECRET_KEY: 'operational',
  STORE_SECRET_CORRUPT: 'operational',
  STORE_KEY_ROTATION_REFUSED: 'operational',
  STORE_CONNECTION_EXISTS: 'user',
  STORE_INVALID_VALUE: 'user',
  STORE_UNAVAILABLE: 'operational',
  STORE_UNKNOWN_EXECUTION: 'bug',
  FILE_TOO_LARGE: 'operational',
  FILE_NOT_FOUND: 'author',
  STORE_WRITE_FAILED: 'operational',
  INTERNAL_ERROR: 'bug',
  UNKNOWN_ERROR: 'bug',
  // triggers
  WEBHOOK_UNKNOWN: 'operational',
  WEBHOOK_GONE: 'operational',
  WEBHOOK_TOO_LARGE: 'operational',
  WEBHOOK_SIGNATURE: 'operational',
  WEBHOOK_TIMESTAMP: 'operational',
  WEBHOOK_METHOD: 'operational',
  WEBHOOK_BODY: 'operational',
  WEBHOOK_RECORD_INVALID: 'author',
  WEBHOOK_TOO_MANY_RECORDS: 'operational',
  WEBHOOK_FAILED: 'author',
  WEBHOOK_INTERNAL: 'bug',
  POLL_RESULT_INVALID: 'author',
  POLL_TIMEOUT: 'operational',
  REGISTRATION_FAILED: 'operational',
  SCHEDULE_LISTENER_FAILED: 'bug',
  // server
  HTTP_BAD_REQUEST: 'user',
  HTTP_NOT_FOUND: 'user',
  HTTP_METHOD_NOT_ALLOWED: 'user',
  HTTP_URL_TOO_LONG: 'user',
  HTTP_INTERNAL: 'bug',
  TRIGGER_UNAUTHORIZED: 'user',
  TRIGGER_UNKNOWN_FLOW: 'user',
  TRIGGER_TOO_LARGE: 'user',
  TRIGGER_INPUTS: 'user',
  TRIGGER_FAILED: 'operational',
  // manual runs
  RUN_UNKNOWN_FLOW: 'user',
  RUN_NOT_MANUAL: 'user',
  RUN_FLOW_DISABLED: 'user',
  // cli
  EXECUTION_NOT_FOUND: 'user',
  AUTH_TIMEOUT: 'user',
  AUTH_CALLBACK_PORT: 'user',
  STORE_TOKEN_CONFLICT: 'operational',
  // testing
  TEST_UNRECORDED_REQUEST: 'user',
  TEST_OFFLINE_TOKEN: 'user',
  TEST_CASSETTE_INVALID: 'user',
  TEST_CASSETTE_SECRET: 'author',
};

function gather(): Readonly<Record<RuntimeCode, RuntimeCodeInfo>> {
  const out: Partial<Record<RuntimeCode, RuntimeCodeInfo>> = {};
  for (const map of Object.values(RUNTIME_CODE_AREAS)) {
    for (const [code, description] of Object.entries(map) as [RuntimeCode, string][]) {
      out[code] = Object.freeze({ actor: ACTORS[code], description });
    }
  }
  return Object.freeze(out as Record<RuntimeCode, RuntimeCodeInfo>);
}

export const RUNTIME_CODES: Readonly<Record<RuntimeCode, RuntimeCodeInfo>> = gather();

export function isRuntimeCode(code: string): code is RuntimeCode {
  return Object.hasOwn(RUNTIME_CODES, code);
}
