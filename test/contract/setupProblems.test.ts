import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contractCommand } from '../../src/cli/contractCommand.ts';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { runContract, type ContractOptions } from '../../src/contract/runContract.ts';
import { createMockApp } from '../../src/server/createMockApp.ts';
import { parseXml } from './parseXml.ts';
import { LIBRARY, MOCK_CREDENTIALS, SENSAY, TOOLZZ } from './targets.ts';

/** The mock, with accepted credential lists so that wrong ones get 401 as on a real API. */
let mock: RunningServer;
const others: Server[] = [];

beforeAll(async () => {
  const app = await createMockApp({
    specs: [SENSAY.spec, TOOLZZ.spec, LIBRARY.spec],
    credentials: MOCK_CREDENTIALS,
  });
  mock = await startServer(app.mockgram.listener, '127.0.0.1', 0);
});

afterAll(async () => {
  await mock.close();
});

afterEach(() => {
  for (const server of others.splice(0)) server.close();
});

/** A target of our own on 127.0.0.1, port 0, answering every request with `listener`. */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  others.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

/** A port nothing listens on: one the kernel just gave out and took back. */
async function closedPort(): Promise<string> {
  const url = await serve(() => undefined);
  const server = others.pop();
  await new Promise((resolve) => server?.close(resolve));
  return url;
}

const run = (options: Partial<ContractOptions> & Pick<ContractOptions, 'spec' | 'target'>) =>
  runContract({ seed: 3, timeoutMs: 3_000, ...options });

describe('set-up problems are reported as such, not as drift', () => {
  it('a Toolzz target without /api: the base path is named and confirmed', async () => {
    const report = await run({ spec: TOOLZZ.spec, target: mock.url, headers: TOOLZZ.headers });
    expect(report.passed).toBe(false);
    expect(report.setupProblem).toEqual({
      kind: 'not-found',
      seen: `${report.cases.length} of ${report.cases.length} answers are 404, e.g. POST ${mock.url}/v1/telegram/integration`,
      cause:
        "the target lacks the spec's base path /api (the path of its server URL): with it, the same request got 200",
      advice: `run again with --target ${mock.url}/api`,
    });
  });

  it('nothing listening: one request, then the run stops', async () => {
    const target = await closedPort();
    const report = await run({ spec: SENSAY.spec, target, headers: SENSAY.headers, params: SENSAY.params });
    expect(report.cases).toHaveLength(1);
    expect(report.setupProblem).toMatchObject({
      kind: 'unreachable',
      seen: 'the first request got no answer (ECONNREFUSED), so no other was sent',
      cause: `nothing listens at ${target}`,
    });
  });

  it('a target that never answers: two requests, then the run stops, suggesting --timeout', async () => {
    const target = await serve(() => undefined);
    const report = await run({ spec: SENSAY.spec, target, headers: SENSAY.headers, timeoutMs: 300 });
    expect(report.cases).toHaveLength(2);
    expect(report.setupProblem).toMatchObject({
      kind: 'unreachable',
      cause: 'the target did not answer within 300 ms',
      advice: expect.stringContaining('raise --timeout') as unknown,
    });
  });

  it('https to a plain HTTP server: the TLS handshake is named', async () => {
    const target = (await serve((_request, response) => response.end())).replace('http:', 'https:');
    const report = await run({ spec: SENSAY.spec, target, headers: SENSAY.headers });
    expect(report.cases).toHaveLength(1);
    expect(report.setupProblem?.cause).toMatch(/^the TLS handshake failed/);
  });

  it('no credential given: the header the spec wants is named', async () => {
    const report = await run({ spec: SENSAY.spec, target: mock.url, params: SENSAY.params });
    expect(report.setupProblem).toMatchObject({
      kind: 'unauthorized',
      cause: 'no credential was given, and the target requires one',
      advice: "pass it with --header 'X-ORGANIZATION-SECRET: <organizationSecret>' (repeatable for several)",
    });
    const bearer = await run({ spec: TOOLZZ.spec, target: `${mock.url}/api` });
    expect(bearer.setupProblem?.advice).toContain("--header 'Authorization: Bearer <token>'");
  });

  it('a refused credential: the header given is named', async () => {
    const report = await run({
      spec: TOOLZZ.spec,
      target: `${mock.url}/api`,
      headers: [['Authorization', 'Bearer expired-token']],
    });
    expect(report.setupProblem).toMatchObject({
      kind: 'unauthorized',
      cause: 'the target refuses the credential given with --header Authorization',
    });
  });

  it('every answer an HTML page: not the API', async () => {
    const target = await serve((_request, response) => {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end('<!doctype html><title>App</title>');
    });
    const report = await run({ spec: SENSAY.spec, target, headers: SENSAY.headers });
    expect(report.setupProblem).toMatchObject({
      kind: 'html',
      seen: expect.stringMatching(/^every answer/) as unknown,
    });
  });

  it('404 everywhere under the right base path: made-up path parameters are named, or the routes are missing', async () => {
    const notFound = await serve((_request, response) => {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'application/json');
      response.end('{"message":"not found"}');
    });
    const library = await run({
      spec: LIBRARY.spec,
      target: `${notFound}/library`,
      headers: LIBRARY.headers,
    });
    expect(library.setupProblem?.cause).toMatch(/^the path parameters bookId were made up by the runner/);
    expect(library.setupProblem?.advice).toMatch(/^pass --param bookId=<one that exists>/);

    const sensay = await run({
      spec: SENSAY.spec,
      target: notFound,
      headers: SENSAY.headers,
      params: SENSAY.params,
    });
    expect(sensay.setupProblem?.cause).toBe(`the target does not serve this API's routes under ${notFound}`);
  });

  it('a correct set-up has none, even where drift or documented 404s occur', async () => {
    for (const spec of [SENSAY, TOOLZZ, LIBRARY]) {
      const report = await run({
        spec: spec.spec,
        target: `${mock.url}${spec.basePath}`,
        headers: spec.headers,
      });
      expect(report.setupProblem).toBeUndefined();
    }
  });
});

describe('mockgram contract with a set-up problem', () => {
  let directory: string;
  let stdout: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mockgram-setup-'));
    stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('exits 2, says what is wrong instead of a failure per case, and writes the same to JUnit and JSON', async () => {
    const junit = join(directory, 'report.xml');
    const json = join(directory, 'report.json');
    const code = await contractCommand([
      TOOLZZ.spec,
      '--target',
      mock.url,
      '--header',
      'Authorization: Bearer contract-toolzz-token',
      '--junit',
      junit,
      '--json',
      json,
    ]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      "SET-UP PROBLEM, not a contract failure: the target lacks the spec's base path /api",
    );
    expect(stdout).toContain(`  do:   run again with --target ${mock.url}/api`);
    expect(stdout).not.toContain('FAIL ');

    const suites = parseXml(await readFile(junit, 'utf8'));
    expect(suites.attributes).toMatchObject({ tests: '1', failures: '1' });
    const report = JSON.parse(await readFile(json, 'utf8')) as { setupProblem: { kind: string } };
    expect(report.setupProblem.kind).toBe('not-found');
  });

  it('real drift still exits 1', async () => {
    const target = await serve((request, response) => {
      // Answers every request 200 with an empty object: reachable, the API's paths, but not its contract.
      request.resume();
      response.setHeader('Content-Type', 'application/json');
      response.end('{}');
    });
    const code = await contractCommand([
      SENSAY.spec,
      '--target',
      target,
      '--header',
      'X-ORGANIZATION-SECRET: s',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL ');
    expect(stdout).not.toContain('SET-UP PROBLEM');
  });
});
