import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, MockgramError } from '../errors.ts';
import { createMockServer } from '../server/createMockServer.ts';
import { createLogger, isLogLevel } from '../log/createLogger.ts';
import { isLogFormat, jsonMessageLine } from '../log/formatLogLine.ts';
import { listSpecFiles } from './listSpecFiles.ts';
import { startServer } from './startServer.ts';
import { watchFiles } from './watchFiles.ts';

export const MOCK_USAGE = `Usage: mockgram mock [SPEC...] [options]

Serves every SPEC (default: every .yaml/.yml/.json file in ./specs) as a validating mock.

Options:
  --port <n>          port to listen on (default 4010; 0 picks a free one)
  --host <addr>       address to listen on (default 127.0.0.1)
  --seed <value>      same seed and same request: same answer
  --cors / --no-cors  answer CORS preflights and expose headers (default: on)
  --log-level <lvl>   silent | error | warn | info | debug (default info)
  --log-format <fmt>  pretty (one readable line per request) | json (one object per line) (default pretty)
  --body-limit <n>    largest request body in bytes (default 1048576)
  --scenarios <path>  scenario file or directory (default: ./scenarios when it exists)
  --scenario <name>   scenario answering when nothing else chose one (default: success)
  --rule <name>       enable an opt-in scenario rule (repeatable)
  --watch             reload specs and scenarios when they change
  --admin-token <t>   token for /__mock (required, and generated if not given, when --host is not loopback)
  -h, --help          show this help`;

const OPTIONS = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  seed: { type: 'string' },
  cors: { type: 'boolean', default: true },
  'no-cors': { type: 'boolean', default: false },
  'log-level': { type: 'string', default: 'info' },
  'log-format': { type: 'string', default: 'pretty' },
  'body-limit': { type: 'string', default: String(1024 * 1024) },
  scenarios: { type: 'string' },
  scenario: { type: 'string' },
  rule: { type: 'string', multiple: true },
  watch: { type: 'boolean', default: false },
  'admin-token': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `mockgram mock`: resolves once the server listens; stops on SIGINT/SIGTERM after in-flight requests finish. */
export async function mockCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${MOCK_USAGE}\n`);
    return;
  }
  const port = parseInteger('--port', values.port, 0, 65_535);
  const bodyLimit = parseInteger('--body-limit', values['body-limit'], 1, Number.MAX_SAFE_INTEGER);
  const level = values['log-level'];
  if (!isLogLevel(level)) {
    throw new MockgramError(
      'INVALID_OPTION',
      `--log-level must be one of silent, error, warn, info, debug (got '${level}')`,
    );
  }
  const format = values['log-format'];
  if (!isLogFormat(format)) {
    throw new MockgramError('INVALID_OPTION', `--log-format must be pretty or json (got '${format}')`);
  }
  const logger = createLogger(level, undefined, format);
  const specs = positionals.length > 0 ? positionals.map((p) => resolve(p)) : defaultSpecs();
  const scenarioFiles =
    values.scenarios === undefined ? defaultScenarioFiles() : listSpecFiles(resolve(values.scenarios));
  const adminToken =
    values['admin-token'] ?? (isLoopback(values.host) ? undefined : randomBytes(18).toString('base64url'));

  const started = performance.now();
  const mock = await createMockServer({
    specs,
    scenarioFiles,
    skipScenariosForOtherSpecs: values.scenarios === undefined,
    defaultScenario: values.scenario,
    enabledRules: values.rule ?? [],
    seed: values.seed,
    cors: values.cors && !values['no-cors'],
    logger,
    bodyLimit,
    adminToken,
  });
  const running = await startServer(mock.control.listener, values.host, port);
  // Start-up lines go straight out (the listening line even when silent: scripts wait for it), in the log's format.
  const say = (line: string): void => {
    process.stdout.write(`${format === 'json' ? jsonMessageLine('info', line.trim(), Date.now()) : line}\n`);
  };
  if (level !== 'silent') {
    for (const { index } of mock.control.engine().specs) {
      say(
        `  ${index.name}: ${index.title} (OpenAPI ${index.version}) at ${running.url}${index.basePath || '/'}`,
      );
    }
    say(`  admin API: ${running.url}/__mock${adminToken === undefined ? '' : ` (token: ${adminToken})`}`);
  }
  say(`mockgram listening on ${running.url} (ready in ${(performance.now() - started).toFixed(0)} ms)`);

  const unwatch = values.watch
    ? watchFiles([...specs, ...scenarioFiles], () => {
        mock.control.reload().then(
          () => {
            logger.info('reloaded specs and scenarios');
          },
          (error: unknown) => {
            logger.error(`reload failed, still serving the previous version: ${describeError(error)}`);
          },
        );
      })
    : () => undefined;

  let stopping = false;
  // The log queued so far is written at exit (see fdLineWriter); a second signal stops at once.
  const stop = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then stopping`);
    unwatch();
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function defaultSpecs(): string[] {
  const local = resolve('specs');
  const directory = existsSync(local) ? local : resolve(import.meta.dirname, '../../specs');
  const files = existsSync(directory) ? listSpecFiles(directory) : [];
  if (files.length === 0)
    throw new MockgramError('INVALID_OPTION', `no spec given and none found in ${directory}`);
  return files;
}

function defaultScenarioFiles(): string[] {
  const local = resolve('scenarios');
  return existsSync(local) ? listSpecFiles(local) : [];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export function parseInteger(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MockgramError(
      'INVALID_OPTION',
      `${flag} must be a whole number from ${min} to ${max} (got '${raw}')`,
    );
  }
  return value;
}
