/** The logger moved to `src/log/`; server modules keep importing it from here. */
export { createLogger, isLogLevel, LOG_LEVELS, silentLogger } from '../log/createLogger.ts';
export type { Logger, LogLevel } from '../log/createLogger.ts';
