import { fdLineWriter } from './createLineWriter.ts';
import {
  jsonMessageLine,
  jsonRequestLine,
  prettyRequestLine,
  type LogFormat,
  type RequestLogEntry,
} from './formatLogLine.ts';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  readonly level: LogLevel;
  readonly format: LogFormat;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** The one line logged per request, at `info`. */
  request(entry: RequestLogEntry): void;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * A logger writing one line per message to `write`, dropping messages below `level`. By default lines go to stdout
 * through a batching writer (see `fdLineWriter`): logging costs a request no system call, and nothing queued is lost
 * at exit. `format` is `pretty` (today's one-line text) or `json` (one object per line).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = stdoutLine,
  format: LogFormat = 'pretty',
): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at =
    (threshold: Exclude<LogLevel, 'silent'>) =>
    (message: string): void => {
      if (rank < LOG_LEVELS.indexOf(threshold)) return;
      write(format === 'json' ? jsonMessageLine(threshold, message, Date.now()) : message);
    };
  const logsRequests = rank >= LOG_LEVELS.indexOf('info');
  return {
    level,
    format,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    request: (entry) => {
      if (!logsRequests) return;
      write(format === 'json' ? jsonRequestLine(entry, Date.now()) : prettyRequestLine(entry));
    },
  };
}

function stdoutLine(line: string): void {
  fdLineWriter(1).write(line);
}

export const silentLogger: Logger = createLogger('silent');
