// What the server needs from a logger: pino's `(fields, message)` methods. Bodies, secrets and callback
// tokens are never passed to it.
export interface ServerLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const SILENT_LOGGER: ServerLogger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
