// What every part of the runtime needs from a logger: pino's `(fields, message)` methods. The runtime passes its
// pino logger; tests and benches pass their own. Bodies, secrets and callback tokens are never given to it.
export interface LogSink {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const SILENT_LOGGER: LogSink = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
