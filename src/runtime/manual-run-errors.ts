// Runtime error codes of manual runs (`runtime trigger`, `POST /flows/<name>/trigger`); each carries the HTTP
// status the trigger route answers with.
export const MANUAL_RUN_ERROR_CODES = {
  RUN_UNKNOWN_FLOW: 'No user flow has the given name (404 on the trigger route).',
  RUN_NOT_MANUAL: 'The flow is triggered by an event or a schedule, so it cannot be started by hand (409).',
  RUN_FLOW_DISABLED: 'The flow is disabled (`enabled: false`), so it cannot be started (409).',
} as const;

export type ManualRunErrorCode = keyof typeof MANUAL_RUN_ERROR_CODES;
