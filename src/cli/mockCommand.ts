import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describeError, MockgramError } from '../errors.ts';
import { CONFLICT_POLICIES, type ConflictPolicy } from '../routing/layerSpecs.ts';
import { createMockServer } from '../server/createMockServer.ts';
import { createLogger, isLogLevel, LOG_LEVELS } from '../log/createLogger.ts';
import { isLogFormat, jsonMessageLine, LOG_FORMATS } from '../log/formatLogLine.ts';
import { DEFAULT_STORE_LIMITS } from '../store/types.ts';
import { limitHeapGrowth } from './heapGrowth.ts';
import { packageVersion } from './packageVersion.ts';
import { parseCommandLine, renderOptions, type OptionTable } from './parseCommandLine.ts';
import { resolveMockFiles } from './resolveMockFiles.ts';
import { startServer } from './startServer.ts';
import { startupLines } from './startupLines.ts';
import { watchFiles } from './watchFiles.ts';

const MOCK_OPTIONS = {
  port: {
    type: 'string',
    argument: '<n>',
    default: '4010',
    description: 'port to listen on (default 4010; 0 picks a free one)',
  },
  host: {
    type: 'string',
    argument: '<addr>',
    default: '127.0.0.1',
    description: 'address to listen on (default 127.0.0.1)',
  },
  seed: { type: 'string', argument: '<value>', description: 'same seed and same request: same answer' },
  cors: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'answer CORS preflights and expose headers (default: on)',
  },
  'log-level': {
    type: 'string',
    argument: '<lvl>',
    default: 'info',
    description: `${LOG_LEVELS.join(' | ')} (default info; silent prints nothing at all)`,
  },
  'log-format': {
    type: 'string',
    argument: '<fmt>',
    default: 'pretty',
    description: 'pretty (one readable line per request) | json (one object per line) (default pretty)',
  },
  'body-limit': {
    type: 'string',
    argument: '<n>',
    default: String(1024 * 1024),
    description: 'largest request body in bytes (default 1048576)',
  },
  scenarios: {
    type: 'string',
    argument: '<path>',
    description:
      'scenario file or directory (default: ./scenarios when it exists, else the bundled\nscenarios when the bundled specs are served)',
  },
  scenario: {
    type: 'string',
    argument: '<name>',
    description: 'scenario answering when nothing else chose one (default: success)',
  },
  rule: {
    type: 'string',
    argument: '<name>',
    multiple: true,
    description: 'enable an opt-in scenario rule (repeatable)',
  },
  'on-conflict': {
    type: 'string',
    argument: '<policy>',
    default: 'override',
    description:
      'specs documenting the same method and path: override (default: the spec given\nlater answers them, the earlier one the rest) | error (refuse to start)',
  },
  stateless: {
    type: 'boolean',
    default: false,
    description: 'answer every request on its own (default: remember what each session created)',
  },
  state: {
    type: 'string',
    argument: '<file>',
    multiple: true,
    description: 'seed the state from a file shaped like GET /__mock/state (repeatable; again on reset)',
  },
  'max-sessions': {
    type: 'string',
    argument: '<n>',
    default: String(DEFAULT_STORE_LIMITS.maxSessions),
    description: `sessions whose state is kept besides the default one (default ${DEFAULT_STORE_LIMITS.maxSessions})`,
  },
  'max-objects': {
    type: 'string',
    argument: '<n>',
    default: String(DEFAULT_STORE_LIMITS.maxObjects),
    description: `objects kept per session, the least recently used evicted first (default ${DEFAULT_STORE_LIMITS.maxObjects})`,
  },
  watch: { type: 'boolean', default: false, description: 'reload specs and scenarios when they change' },
  'admin-token': {
    type: 'string',
    argument: '<t>',
    description:
      'token for /__mock (required, and generated if not given, when --host is not loopback;\nwith --log-level silent a generated one is not shown, so pass your own)',
  },
  version: { type: 'boolean', default: false, description: 'print the version' },
  help: { type: 'boolean', short: 'h', default: false, description: 'show this help' },
} as const satisfies OptionTable;

export const MOCK_USAGE = `Usage: mockgram mock [SPEC...] [options]

Serves every SPEC (a file, or a directory of .yaml/.yml/.json files) as a validating mock. Without SPEC: ./specs
when it exists, else the Sensay and Toolzz specs bundled with mockgram (with their scenarios).

Options:
${renderOptions(MOCK_OPTIONS)}`;

/** `mockgram mock`: resolves once the server listens; stops on SIGINT/SIGTERM after in-flight requests finish. */
export async function mockCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('mock', MOCK_OPTIONS, args);
  if (values.help) {
    process.stdout.write(`${MOCK_USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
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
      `--log-level must be one of ${LOG_LEVELS.join(', ')} (got '${level}')`,
    );
  }
  const onConflict = parseConflictPolicy(values['on-conflict']);
  const format = values['log-format'];
  if (!isLogFormat(format))
    throw new MockgramError(
      'INVALID_OPTION',
      `--log-format must be one of ${LOG_FORMATS.join(', ')} (got '${format}')`,
    );
  const logger = createLogger(level, undefined, format);
  const files = resolveMockFiles(positionals, values.scenarios);
  const adminToken =
    values['admin-token'] ?? (isLoopback(values.host) ? undefined : randomBytes(18).toString('base64url'));

  const mock = await createMockServer({
    specs: files.specs,
    scenarioFiles: files.scenarioFiles,
    skipScenariosForOtherSpecs: files.scenarioOrigin === 'directory',
    defaultScenario: values.scenario,
    enabledRules: values.rule ?? [],
    onConflict,
    seed: values.seed,
    cors: values.cors,
    logger,
    bodyLimit,
    adminToken,
    stateless: values.stateless,
    stateFiles: (values.state ?? []).map((file) => resolve(file)),
    storeLimits: { maxSessions, maxObjects },
  });
  const running = await startServer(mock.control.listener, values.host, port);
  limitHeapGrowth();
  if (level !== 'silent') {
    // Start-up lines go straight out, in the log's format.
    const say = (line: string): string =>
      `${format === 'json' ? jsonMessageLine('info', line.trim(), Date.now()) : line}\n`;
    const lines = startupLines(mock.control.engine(), files, running.url, adminToken);
    process.stdout.write(
      [
        ...lines,
        `mockgram listening on ${running.url} (ready in ${performance.now().toFixed(0)} ms, Node ${process.versions.node})`,
      ]
        .map(say)
        .join(''),
    );
  }

  const unwatch = values.watch
    ? watchFiles([...files.specs, ...files.scenarioFiles], () => {
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

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function parseConflictPolicy(raw: string): ConflictPolicy {
  const policy = CONFLICT_POLICIES.find((p) => p === raw);
  if (policy === undefined)
    throw new MockgramError(
      'INVALID_OPTION',
      `--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')} (got '${raw}')`,
    );
  return policy;
}

export function parseInteger(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new MockgramError(
      'INVALID_OPTION',
      `${flag} must be a whole number from ${min} to ${max} (got '${raw}')`,
    );
  }
  return value;
}
