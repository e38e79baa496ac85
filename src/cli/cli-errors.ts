// Runtime error codes only commands raise (the rest come from the areas the commands call).
export const CLI_ERROR_CODES = {
  EXECUTION_NOT_FOUND: '`runtime executions show` was given an id no recorded execution has.',
  AUTH_TIMEOUT: 'No OAuth callback arrived within `--callback-timeout` while a connection was being created.',
  AUTH_CALLBACK_PORT: 'The local OAuth callback server could not listen on its port (in use, or not allowed).',
  STORE_TOKEN_CONFLICT: 'The tokens of a new connection were changed by someone else while they were being saved.',
} as const;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;
