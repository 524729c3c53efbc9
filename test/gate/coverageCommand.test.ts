import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectMock } from '../../src/client/index.ts';
import { COVERAGE_USAGE, coverageCommand, parseCoverageArgs } from '../../src/cli/coverageCommand.ts';
import { SCENARIO_FILES, SENSAY, SPECS, TOOLZZ, type ScenarioApi } from '../scenarios/scenarioApis.ts';
import { CLI, ROOT } from '../support/paths.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { validateXml } from '../support/xmllint.ts';
import { ctrfValidator } from './fixtures.ts';

let mock: StartedMock;
let directory: string;
let stdout: string;
let stderr: string;

beforeAll(async () => {
  mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  await connectMock({ baseUrl: mock.url }).reset();
  directory = await mkdtemp(join(tmpdir(), 'mockgram-coverage-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

async function send(api: ScenarioApi, session: string, path: string = api.path): Promise<number> {
  const response = await fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { ...api.credentials, 'content-type': 'application/json', 'x-mock-session': session },
    body: JSON.stringify(api.body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Session `ci`: Sensay's create answered 200 (success) and 500 (server-error); one request to no route. */
async function exercise(): Promise<void> {
  const ci = connectMock({ baseUrl: mock.url, session: 'ci' });
  expect(await send(SENSAY, 'ci')).toBe(200);
  await ci.use('server-error', { operation: SENSAY.operationId });
  expect(await send(SENSAY, 'ci')).toBe(500);
  expect(await send(TOOLZZ, 'other')).toBe(200);
  expect(await send(TOOLZZ, 'ci', '/api/v1/nowhere')).toBe(404);
}

describe('mockgram coverage', () => {
  it('prints the table of one session and writes JUnit and CTRF that validate', async () => {
    await exercise();
    const junit = join(directory, 'reports/coverage.xml');
    const ctrf = join(directory, 'reports/coverage.json');
    const code = await coverageCommand([
      '--target',
      mock.url,
      '--session',
      'ci',
      '--junit',
      junit,
      '--ctrf',
      ctrf,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Coverage of ${mock.url}, session ci: 3 requests\\n`));
    expect(stdout).toContain(
      '     2       2/7       2/13  sensay createReplicaTelegramIntegration (POST /v1/replicas/{replicaUUID}/integrations/telegram)\n' +
        '                             statuses never answered: 202, 400, 401, 404, 415\n',
    );
    expect(stdout).toContain('     0       0/6       0/10  toolzz createTelegramIntegration');
    expect(stdout).toContain('  1× POST /api/v1/nowhere → 404: ');
    expect(stdout).toMatch(
      /\nTotals: operations 1\/6 \(16\.7%\), statuses 2\/38 \(5\.3%\), scenarios 2\/53 \(3\.8%\)\n$/,
    );

    const xml = await readFile(junit, 'utf8');
    expect(validateXml(xml)).toEqual({ valid: true, output: '- validates' });
    expect(xml).toContain(
      '<testcase classname="mockgram.coverage.sensay.createReplicaTelegramIntegration" name="status 500" time="0.000"/>',
    );
    const document: unknown = JSON.parse(await readFile(ctrf, 'utf8'));
    const validate = ctrfValidator();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document).toMatchObject({
      results: { summary: { failed: 0, passed: 5 }, extra: { session: 'ci', target: mock.url } },
    });
  });

  it('exits 1 naming each threshold that is not met, and still writes the reports', async () => {
    await exercise();
    const junit = join(directory, 'coverage.xml');
    const code = await coverageCommand([
      '--target',
      mock.url,
      '--session',
      'ci',
      '--min-operations',
      '10',
      '--min-statuses',
      '50%',
      '--min-scenarios',
      '3.5',
      '--fail-on-unmatched',
      '--junit',
      junit,
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        'mockgram coverage: --min-statuses 50 not met: 2 of 38 documented statuses answered (5.3%)',
        'mockgram coverage: --fail-on-unmatched not met: 1 request refused for no route or failed validation',
        '',
      ].join('\n'),
    );
    expect(stdout).toContain('  ok     --min-operations 10 met: 1 of 6 operations called (16.7%)');
    expect(stdout).toContain('  ok     --min-scenarios 3.5 met: 2 of 53 scenarios used (3.8%)');
    const xml = await readFile(junit, 'utf8');
    expect(validateXml(xml).valid).toBe(true);
    expect(xml).toContain(
      'name="--min-statuses 50" time="0.000">\n      <failure message="--min-statuses 50 not met',
    );
  });

  it('reads every session when --session is not given', async () => {
    await exercise();
    expect(await coverageCommand(['--target', mock.url, '--min-operations', '33.3'])).toBe(0);
    expect(stdout).toMatch(/^Coverage of .*, every session: 4 requests\n/);
    expect(stdout).toContain('operations 2/6 (33.3%)');
  });

  it('an unreachable target is one line naming the URL, exit 2', async () => {
    const closed = await freePort();
    const code = await coverageCommand(['--target', `http://127.0.0.1:${closed}`, '--min-statuses', '10']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^mockgram coverage: cannot reach the mock at http://127\\.0\\.0\\.1:${closed}/__mock/coverage: .*ECONNREFUSED.*\\n$`,
      ),
    );
  });

  it('a target that is not a mockgram mock is exit 2 saying so', async () => {
    const other = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]'),
    );
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      expect(await coverageCommand(['--target', url])).toBe(2);
      expect(stderr).toBe(
        `mockgram coverage: GET ${url}/__mock/coverage did not answer a coverage report (/ must be an object): is ${url} a mockgram mock?\n`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it.each([
    [[], '--target <url> is required'],
    [
      ['--target', 'localhost:4010'],
      "--target must be an http(s) URL such as http://127.0.0.1:4010 (got 'localhost:4010')",
    ],
    [
      ['--target', 'http://x', '--min-statuses', '120'],
      "--min-statuses must be a percentage from 0 to 100 (got '120')",
    ],
    [
      ['--target', 'http://x', '--min-operations', 'most'],
      "--min-operations must be a percentage from 0 to 100 (got 'most')",
    ],
    [['--target', 'http://x', '--timeout', '0'], '--timeout must be a whole number of milliseconds'],
    [['--target', 'http://x', 'extra'], 'unexpected argument extra'],
    [['--target', 'http://x', '--min-everything', '1'], "Unknown option '--min-everything'"],
  ])('usage error %j: exit 2 with the reason and the usage', async (args, reason) => {
    expect(await coverageCommand(args)).toBe(2);
    expect(stderr).toContain(reason);
    expect(stderr).toContain(COVERAGE_USAGE);
    expect(stdout).toBe('');
  });

  it('a report that cannot be written is exit 2', async () => {
    const file = join(directory, 'a-file');
    await writeFile(file, '');
    expect(await coverageCommand(['--target', mock.url, '--ctrf', join(file, 'coverage.json')])).toBe(2);
    expect(stderr).toMatch(/^mockgram coverage: could not write a report: /);
  });

  it('--help prints the usage and exits 0', async () => {
    expect(await coverageCommand(['--help'])).toBe(0);
    expect(stdout).toBe(`${COVERAGE_USAGE}\n`);
  });
});

describe('mockgram coverage against a mock that needs the admin token', () => {
  let guarded: StartedMock;

  beforeAll(async () => {
    guarded = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: 'ci-admin' });
  });

  afterAll(async () => {
    await guarded.close();
  });

  it('without the token: exit 2 with the mock explanation; with --token: exit 0', async () => {
    expect(await coverageCommand(['--target', guarded.url])).toBe(2);
    expect(stderr).toBe(
      `mockgram coverage: GET ${guarded.url}/__mock/coverage answered 401: admin token missing or wrong: send Authorization: Bearer <token> or X-Mock-Admin-Token\n`,
    );
    expect(await coverageCommand(['--target', guarded.url, '--token', 'ci-admin'])).toBe(0);
  });

  it('takes the token from MOCKGRAM_ADMIN_TOKEN unless --token is given', () => {
    expect(parseCoverageArgs(['--target', guarded.url], 'from-env')).toMatchObject({ token: 'from-env' });
    expect(parseCoverageArgs(['--target', guarded.url, '--token', 'flag'], 'from-env')).toMatchObject({
      token: 'flag',
    });
    expect(parseCoverageArgs(['--target', guarded.url], '')).toMatchObject({ token: undefined });
  });
});

describe('the mockgram binary', () => {
  it('runs `mockgram coverage`: an unreachable target is one line on stderr, exit 2, no stack trace', async () => {
    const closed = await freePort();
    const child = spawn(process.execPath, [CLI, 'coverage', '--target', `http://127.0.0.1:${closed}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exit: unknown[] = await once(child, 'exit');
    expect(exit[0]).toBe(2);
    expect(err.split('\n')).toHaveLength(2);
    expect(err).toMatch(
      new RegExp(
        `^mockgram coverage: cannot reach the mock at http://127\\.0\\.0\\.1:${closed}/__mock/coverage: `,
      ),
    );
    expect(err).not.toMatch(/\n\s+at /);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
