// Codes of the trigger side: webhook ingress answers (also logged), polling monitor and webhook registration
// failures (stored and shown by `runtime status`), and schedule listener warnings.
export const TRIGGER_ERROR_CODES = {
  WEBHOOK_UNKNOWN: 'A delivery came to a /hooks/<token> address that no registration has (answered 404).',
  WEBHOOK_GONE: 'A delivery came for a flow that no longer wants it: disabled, removed, or being deregistered (answered 410).',
  WEBHOOK_TOO_LARGE: 'A delivery body is larger than the event\'s `maxBodySize` (answered 413).',
  WEBHOOK_SIGNATURE: 'A delivery failed signature verification: missing or wrong signature, or no signing secret (answered 401).',
  WEBHOOK_TIMESTAMP: 'A delivery\'s timestamp is missing, unreadable or outside the tolerance (answered 401).',
  WEBHOOK_METHOD: 'A GET reached a webhook address and no handshake answered it; deliveries are POSTed (answered 405).',
  WEBHOOK_BODY: 'A delivery body is not valid for its content type, e.g. malformed or too deeply nested JSON (answered 400).',
  WEBHOOK_RECORD_INVALID: 'A record of a delivery cannot be stored, e.g. larger than 1 MiB as JSON (answered 422).',
  WEBHOOK_TOO_MANY_RECORDS: 'The event\'s `records` gave more than 1,000 records for one delivery (answered 413).',
  WEBHOOK_FAILED: 'The definition failed on a delivery (a `records`, `dedupeKey`, handshake or secret expression or template); the log line names the cause (answered 500).',
  WEBHOOK_INTERNAL: 'A delivery failed with an error that is not a coded runtime error: a bug (answered 500 as WEBHOOK_FAILED).',
  POLL_RESULT_INVALID: 'A polling monitor returned something other than `{records, cursor}`, or too many records in one run.',
  POLL_TIMEOUT: 'A poll took longer than the limit (10 minutes); it committed nothing and runs again on the next tick.',
  REGISTRATION_FAILED: 'A webhook registration or deregistration failed with an error that is not a coded runtime error (e.g. a database error).',
  SCHEDULE_LISTENER_FAILED: 'A process warning: a listener of a schedule threw; the other listeners of the tick still ran.',
} as const;

export type TriggerErrorCode = keyof typeof TRIGGER_ERROR_CODES;
