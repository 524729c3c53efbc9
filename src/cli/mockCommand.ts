import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, MockgramError } from '../errors.ts';
import { createMockServer } from '../server/createMockServer.ts';
import { createLogger, isLogLevel } from '../server/logger.ts';
import { DEFAULT_STORE_LIMITS } from '../store/types.ts';
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
  --body-limit <n>    largest request body in bytes (default 1048576)
  --scenarios <path>  scenario file or directory (default: ./scenarios when it exists)
  --scenario <name>   scenario answering when nothing else chose one (default: success)
  --rule <name>       enable an opt-in scenario rule (repeatable)
  --stateless         answer every request on its own (default: remember what each session created)
  --state <file>      seed the state from a file shaped like GET /__mock/state (repeatable)
  --max-sessions <n>  sessions whose state is kept besides the default one (default 100)
  --max-objects <n>   objects kept per session, the least recently used evicted first (default 1000)
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
  'body-limit': { type: 'string', default: String(1024 * 1024) },
  scenarios: { type: 'string' },
  scenario: { type: 'string' },
  rule: { type: 'string', multiple: true },
  stateless: { type: 'boolean', default: false },
  state: { type: 'string', multiple: true },
  'max-sessions': { type: 'string', default: String(DEFAULT_STORE_LIMITS.maxSessions) },
  'max-objects': { type: 'string', default: String(DEFAULT_STORE_LIMITS.maxObjects) },
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
  const maxSessions = parseInteger('--max-sessions', values['max-sessions'], 1, 1_000_000);
  const maxObjects = parseInteger('--max-objects', values['max-objects'], 1, 10_000_000);
  const level = values['log-level'];
  if (!isLogLevel(level)) {
    throw new MockgramError(
      'INVALID_OPTION',
      `--log-level must be one of silent, error, warn, info, debug (got '${level}')`,
    );
  }
  const logger = createLogger(level);
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
    stateless: values.stateless,
    stateFiles: (values.state ?? []).map((file) => resolve(file)),
    storeLimits: { maxSessions, maxObjects },
  });
  const running = await startServer(mock.control.listener, values.host, port);
  if (level !== 'silent') {
    for (const { index } of mock.control.engine().specs) {
      process.stdout.write(
        `  ${index.name}: ${index.title} (OpenAPI ${index.version}) at ${running.url}${index.basePath || '/'}\n`,
      );
    }
    process.stdout.write(
      `  admin API: ${running.url}/__mock${adminToken === undefined ? '' : ` (token: ${adminToken})`}\n`,
    );
  }
  process.stdout.write(
    `mockgram listening on ${running.url} (ready in ${(performance.now() - started).toFixed(0)} ms)\n`,
  );

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

  const stop = (signal: string): void => {
    logger.info(`${signal}: finishing in-flight requests, then stopping`);
    unwatch();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
