import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { MockgramError } from '../errors.ts';
import { createLogger, isLogLevel, LOG_LEVELS } from '../log/createLogger.ts';
import { isLogFormat, jsonMessageLine, LOG_FORMATS } from '../log/formatLogLine.ts';
import { createProxyServer, DEFAULT_UPSTREAM_TIMEOUT_MS } from '../proxy/createProxyServer.ts';
import { renderDriftCtrf } from '../proxy/renderDriftCtrf.ts';
import { renderDriftJunit } from '../proxy/renderDriftJunit.ts';
import { limitHeapGrowth } from './heapGrowth.ts';
import { parseInteger } from './mockCommand.ts';
import { packageVersion } from './packageVersion.ts';
import { parseCommandLine, renderOptions, type OptionTable } from './parseCommandLine.ts';
import { resolveMockFiles } from './resolveMockFiles.ts';
import { startServer } from './startServer.ts';

const PROXY_OPTIONS = {
  upstream: {
    type: 'string',
    argument: '<url>',
    multiple: true,
    description:
      "where requests go: URL (stands in for every spec's server URL), or NAME=URL per spec\n(NAME: the spec file's name without extension, as mock names specs); required",
  },
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
  record: {
    type: 'string',
    argument: '<dir>',
    description:
      'record valid exchanges as scenarios in DIR/<spec>.recorded.yaml (mock --scenarios DIR\nserves them) and the others in DIR/drift/<spec>.yaml',
  },
  junit: { type: 'string', argument: '<file>', description: 'write the drift report as JUnit XML at exit' },
  ctrf: { type: 'string', argument: '<file>', description: 'write the drift report as CTRF JSON at exit' },
  'upstream-timeout': {
    type: 'string',
    argument: '<ms>',
    default: String(DEFAULT_UPSTREAM_TIMEOUT_MS),
    description: `how long the upstream may take to answer in full; then 504 (default ${DEFAULT_UPSTREAM_TIMEOUT_MS})`,
  },
  'body-limit': {
    type: 'string',
    argument: '<n>',
    default: String(1024 * 1024),
    description: 'largest body judged, in bytes (larger ones pass through unjudged; default 1048576)',
  },
  'log-level': {
    type: 'string',
    argument: '<lvl>',
    default: 'info',
    description: `${LOG_LEVELS.join(' | ')} (default info)`,
  },
  'log-format': {
    type: 'string',
    argument: '<fmt>',
    default: 'pretty',
    description: 'pretty | json (default pretty)',
  },
  'admin-token': {
    type: 'string',
    argument: '<t>',
    description: 'token for /__mock (required, and generated if not given, when --host is not loopback)',
  },
  version: { type: 'boolean', default: false, description: 'print the version' },
  help: { type: 'boolean', short: 'h', default: false, description: 'show this help' },
} as const satisfies OptionTable;

export const PROXY_USAGE = `Usage: mockgram proxy [SPEC...] --upstream URL | --upstream NAME=URL... [options]

Forwards every request to the upstream and its answer back unchanged, judging both against the specs (the same
validators as mock). Drift: GET /__mock/drift; the answer of an exchange that broke the spec carries a
mockgram-violations header. Without SPEC: ./specs when it exists, else the bundled Sensay and Toolzz specs.

Options:
${renderOptions(PROXY_OPTIONS)}`;

/** `mockgram proxy`: resolves once listening; at SIGINT/SIGTERM writes the recording and reports, then exits. */
export async function proxyCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('proxy', PROXY_OPTIONS, args);
  if (values.help) {
    process.stdout.write(`${PROXY_USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const port = parseInteger('--port', values.port, 0, 65_535);
  const timeoutMs = parseInteger('--upstream-timeout', values['upstream-timeout'], 1, 3_600_000);
  const bodyLimit = parseInteger('--body-limit', values['body-limit'], 1, Number.MAX_SAFE_INTEGER);
  const level = values['log-level'];
  if (!isLogLevel(level))
    throw new MockgramError(
      'INVALID_OPTION',
      `--log-level must be one of ${LOG_LEVELS.join(', ')} (got '${level}')`,
    );
  const format = values['log-format'];
  if (!isLogFormat(format))
    throw new MockgramError(
      'INVALID_OPTION',
      `--log-format must be one of ${LOG_FORMATS.join(', ')} (got '${format}')`,
    );
  const upstreams = values.upstream ?? [];
  const logger = createLogger(level, undefined, format);
  const files = resolveMockFiles(positionals, undefined);
  const loopback = values.host === 'localhost' || values.host === '::1' || values.host.startsWith('127.');
  const adminToken = values['admin-token'] ?? (loopback ? undefined : randomBytes(18).toString('base64url'));
  const recordDirectory = values.record === undefined ? undefined : resolve(values.record);
  const started = Date.now();

  const { proxy, listener } = await createProxyServer({
    specs: files.specs,
    upstreams,
    upstreamTimeoutMs: timeoutMs,
    bodyLimit,
    recordDirectory,
    logger,
    adminToken,
  });
  const running = await startServer(listener, values.host, port);
  limitHeapGrowth();
  if (level !== 'silent') {
    const say = (line: string): string =>
      `${format === 'json' ? jsonMessageLine('info', line.trim(), Date.now()) : line}\n`;
    const lines = proxy.engine.specs.map(({ index }) => {
      const upstream = proxy.upstreams.bySpec.get(index.name);
      return `  ${index.name}: ${index.title} (OpenAPI ${index.version}) at ${running.url}${index.basePath || '/'} -> ${upstream?.href ?? '?'}`;
    });
    if (recordDirectory !== undefined) lines.push(`  recording into ${recordDirectory}`);
    lines.push(
      `  drift: ${running.url}/__mock/drift; admin API: ${running.url}/__mock${adminToken === undefined ? '' : ` (token: ${adminToken})`}`,
    );
    process.stdout.write(
      [...lines, `mockgram listening on ${running.url} (proxy, ready in ${performance.now().toFixed(0)} ms)`]
        .map(say)
        .join(''),
    );
  }

  const upstreamList = [...proxy.upstreams.bySpec].map(([name, url]) => `${name}=${url.href}`);
  const writeReports = async (): Promise<void> => {
    const report = proxy.drift.report();
    if (values.junit !== undefined)
      writeFileSync(resolve(values.junit), renderDriftJunit(report, { upstreams: upstreamList }));
    if (values.ctrf !== undefined)
      writeFileSync(
        resolve(values.ctrf),
        `${JSON.stringify(renderDriftCtrf(report, { upstreams: upstreamList, start: started }), null, 2)}\n`,
      );
    if (proxy.recorder) {
      const written = await proxy.recorder.flush();
      logger.info(
        `recorded ${written.recorded} exchanges as scenarios and ${written.drift} as drift in ${proxy.recorder.directory}${written.dropped > 0 ? ` (${written.dropped} left out: the recording is full)` : ''}`,
      );
    }
    logger.info(
      `${report.exchanges} exchanges, ${report.violations.length} violations, ${report.undocumented.length} undocumented requests`,
    );
  };

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then writing reports`);
    void running
      .close()
      .then(writeReports)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(
            `could not write the reports: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
