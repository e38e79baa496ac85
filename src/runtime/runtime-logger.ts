// Structured logs: JSON lines by default (for log shippers), a readable colourised mode for a terminal.
// Components take the small LogSink interface (src/log/log-sink.ts), so tests can pass a silent or capturing one.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
