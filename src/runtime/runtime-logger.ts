// Structured logs: JSON lines by default (for log shippers), a readable colourised mode for a terminal.
// Every component takes this small interface, so tests can pass a silent or capturing logger.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface RuntimeLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** `pretty` for people at a terminal, `json` for machines. */
  readonly format: 'json' | 'pretty';
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: undefined, // no pid/hostname noise: one process, one host
    timestamp: pino.stdTimeFunctions.isoTime,
    // Defence in depth: whatever a caller passes, these never reach a log line.
    redact: { paths: ['*.password', '*.secret', '*.token', '*.accessToken', '*.refreshToken', '*.authorization', '*.apiKey', 'headers.authorization'], censor: '[REDACTED]' },
  };
  if (options.format === 'pretty') {
    const destination = options.destination ?? process.stdout;
    const colorize = (destination as { isTTY?: boolean }).isTTY === true && !process.env.NO_COLOR;
    const stream = pretty({ colorize, singleLine: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true, destination });
    return pino(base, stream);
  }
  return pino(base, (options.destination as never) ?? pino.destination({ sync: true }));
}

export const silentLogger: RuntimeLogger = { info() {}, warn() {}, error() {}, debug() {} };
