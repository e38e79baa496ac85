// Codes in the JSON error answers (`{"error": CODE, "message": ...}`) of the runtime's HTTP server and its manual
// trigger route. The webhook route answers with the trigger codes (src/triggers/trigger-errors.ts).
export const SERVER_ERROR_CODES = {
  HTTP_BAD_REQUEST: 'The request target is not a valid path (answered 400).',
  HTTP_NOT_FOUND: 'No route of the runtime matches the path (answered 404).',
  HTTP_METHOD_NOT_ALLOWED: 'The route exists but not for this method (answered 405 with Allow).',
  HTTP_URL_TOO_LONG: 'The request target is longer than 8,192 characters (answered 414).',
  HTTP_INTERNAL: 'A route handler failed or produced no answer: a bug (answered 500).',
  TRIGGER_UNAUTHORIZED: '`POST /flows/<name>/trigger` came without the right bearer token (answered 401).',
  TRIGGER_UNKNOWN_FLOW: 'The flow name in `POST /flows/<name>/trigger` is not a valid name (answered 404).',
  TRIGGER_TOO_LARGE: 'The body of a manual trigger is larger than 1 MiB (answered 413).',
  TRIGGER_INPUTS: 'The body of a manual trigger is not a JSON object of inputs (answered 400).',
  TRIGGER_FAILED: 'A manual trigger failed with an unexpected error (answered 500).',
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERROR_CODES;
