// Runtime error codes raised by the store, with the one-line meaning the error docs page shows.
// (Diagnostic codes for definition files live in src/errors/codes.ts; these are RuntimeError codes.)
export const STORE_ERROR_CODES = {
  STORE_OPEN: 'The data directory or its database could not be opened.',
  STORE_SCHEMA_NEWER: 'The database was written by a newer version of the runtime.',
  STORE_SECRET_KEY: 'The secret key is missing, malformed, too widely readable, or not the key the secrets were encrypted with.',
  STORE_SECRET_CORRUPT: 'A stored secret failed its integrity check (the database was altered).',
  STORE_KEY_ROTATION_REFUSED: 'The secret key was not rotated: a running service or another rotation uses the data folder.',
  STORE_CONNECTION_EXISTS: 'A connection of that name already exists for the connector.',
  STORE_INVALID_VALUE: 'A name or value given to the store is malformed or larger than the limit.',
  STORE_UNAVAILABLE: 'The database could not commit (disk full, I/O error, closed): received events were not stored; the sender should retry.',
  STORE_UNKNOWN_EXECUTION: 'A step or result was recorded for an execution that was never started (or already finished).',
  FILE_TOO_LARGE: 'A file is larger than the limit; the partial file was removed.',
  FILE_NOT_FOUND: 'A file handle names no stored file.',
  STORE_WRITE_FAILED: 'A process warning: batched execution records could not be written (disk full, I/O error); the runs themselves went on.',
  INTERNAL_ERROR: 'Recorded for an execution or test case that failed with an error that is not a coded runtime error: a bug.',
  UNKNOWN_ERROR: 'Recorded for a failure that carried no error code or message at all: a bug.',
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;
