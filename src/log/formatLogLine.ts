/** One request as the log records it (the path with secret query values already redacted). */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /** Which scenario answered, or the mock's own check (`request-validation`, `route-not-found`...). */
  readonly scenario: string;
  /** A fault played instead of a normal answer (`reset`, `timeout`, `malformed`). */
  readonly fault?: string | undefined;
}

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

/** `POST /v1/replicas/…/integrations/telegram 200 1.2ms success`, as people read it in a terminal. */
export function prettyRequestLine(entry: RequestLogEntry): string {
  const fault = entry.fault === undefined ? '' : ` fault=${entry.fault}`;
  return `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms ${entry.scenario}${fault}`;
}

/** One JSON object per line, for log collectors: `time` in epoch milliseconds, as pino writes it. */
export function jsonRequestLine(entry: RequestLogEntry, time: number): string {
  const fault = entry.fault === undefined ? '' : `,"fault":${JSON.stringify(entry.fault)}`;
  return `{"time":${time},"level":"info","method":${JSON.stringify(entry.method)},"path":${JSON.stringify(entry.path)},"status":${entry.status},"durationMs":${entry.durationMs},"scenario":${JSON.stringify(entry.scenario)}${fault}}`;
}

/** Any other message in JSON form. */
export function jsonMessageLine(level: string, message: string, time: number): string {
  return `{"time":${time},"level":"${level}","msg":${JSON.stringify(message)}}`;
}
