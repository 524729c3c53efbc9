import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { DriftReport } from '../../src/proxy/driftTypes.ts';
import { renderDriftCtrf } from '../../src/proxy/renderDriftCtrf.ts';
import { renderDriftJunit } from '../../src/proxy/renderDriftJunit.ts';
import { parseXml, type XmlElement } from '../contract/parseXml.ts';
import { startReference } from '../contract/targets.ts';
import { ctrfValidator } from '../gate/fixtures.ts';
import type { ReferenceServer } from '../reference/index.ts';
import { listeningUrl, runCli, stopClis } from '../support/runCli.ts';
import { validateXml } from '../support/xmllint.ts';
import {
  call,
  SENSAY_BODY,
  SENSAY_HEADERS,
  SENSAY_PATH,
  SPECS,
  startProxyRun,
  TOOLZZ_BODY,
  TOOLZZ_HEADERS,
  TOOLZZ_PATH,
  TOOLZZ_TOKEN,
  type ProxyRun,
} from './proxyTargets.ts';

let run: ProxyRun | undefined;
let reference: ReferenceServer | undefined;
const directories: string[] = [];
afterEach(async () => {
  stopClis();
  await run?.close();
  await reference?.close();
  run = undefined;
  reference = undefined;
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** `<suite> <case>: passed|failed|skipped` for every testcase of a JUnit document. */
function junitVerdicts(xml: string): string[] {
  return children(parseXml(xml), 'testsuite').flatMap((suite) =>
    children(suite, 'testcase').map((testcase) => {
      const state =
        children(testcase, 'failure').length > 0
          ? 'failed'
          : children(testcase, 'skipped').length > 0
            ? 'skipped'
            : 'passed';
      return `${suite.attributes['name'] ?? ''} ${testcase.attributes['name'] ?? ''}: ${state}`;
    }),
  );
}

async function mutantReport(): Promise<DriftReport> {
  run = await startProxyRun({ mutant: 'sensay-id-as-string' });
  await (await call(run.url, 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY)).arrayBuffer();
  await (await call(run.url, 'POST', TOOLZZ_PATH, {}, TOOLZZ_BODY)).arrayBuffer();
  await (await call(run.url, 'GET', '/elsewhere', {})).arrayBuffer();
  return (await (await fetch(`${run.url}/__mock/drift`)).json()) as DriftReport;
}

describe('drift reports for CI', () => {
  it('JUnit: valid against the schema, a failure per side that broke the spec', async () => {
    const xml = renderDriftJunit(await mutantReport(), { upstreams: ['sensay=http://127.0.0.1:1/'] });
    expect(validateXml(xml)).toEqual({ valid: true, output: '- validates' });
    expect(junitVerdicts(xml)).toEqual([
      'sensay createReplicaTelegramIntegration request matches the spec: passed',
      'sensay createReplicaTelegramIntegration response matches the spec: failed',
      'sensay deleteReplicaTelegramIntegration request matches the spec: skipped',
      'sensay deleteReplicaTelegramIntegration response matches the spec: skipped',
      'toolzz createTelegramIntegration request matches the spec: failed',
      'toolzz createTelegramIntegration response matches the spec: passed',
      'toolzz getTelegramIntegration request matches the spec: skipped',
      'toolzz getTelegramIntegration response matches the spec: skipped',
      'toolzz updateTelegramIntegration request matches the spec: skipped',
      'toolzz updateTelegramIntegration response matches the spec: skipped',
      'toolzz listTelegramIntegrationsByUnit request matches the spec: skipped',
      'toolzz listTelegramIntegrationsByUnit response matches the spec: skipped',
      'undocumented every request reaches a documented operation: failed',
    ]);
    expect(xml).toContain('body/id must be number');
  });

  it('CTRF: valid against the schema, the same cases', async () => {
    const report = renderDriftCtrf(await mutantReport(), {
      start: 1,
      stop: 2,
      reportId: crypto.randomUUID(),
    });
    const validate = ctrfValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.results.summary).toMatchObject({ tests: 13, failed: 3, passed: 2, skipped: 8, suites: 7 });
    expect(report.results.tests.find((t) => t.status === 'failed')?.trace).toContain(
      'body/id must be number',
    );
  });
});

describe('mockgram proxy on the command line', () => {
  it('proxies, records, and writes JUnit and CTRF at SIGTERM; mock --scenarios serves the recording', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mockgram-proxy-cli-'));
    directories.push(directory);
    reference = await startReference();
    const junit = join(directory, 'drift.xml');
    const ctrf = join(directory, 'drift.json');
    const recording = join(directory, 'recorded');
    const cli = runCli([
      'proxy',
      ...SPECS,
      '--upstream',
      `sensay=${reference.url}`,
      '--upstream',
      `toolzz=${reference.url}/api`,
      '--port',
      '0',
      '--record',
      recording,
      '--junit',
      junit,
      '--ctrf',
      ctrf,
    ]);
    const url = await listeningUrl(cli);
    expect((await call(url, 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY)).status).toBe(200);
    expect((await call(url, 'POST', SENSAY_PATH, {}, SENSAY_BODY)).status).toBe(401);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toContain(`toolzz: `);
    expect(validateXml(readFileSync(junit, 'utf8')).valid).toBe(true);
    expect(junitVerdicts(readFileSync(junit, 'utf8'))).toContain(
      'sensay createReplicaTelegramIntegration request matches the spec: failed',
    );
    const validate = ctrfValidator();
    expect(validate(JSON.parse(readFileSync(ctrf, 'utf8')))).toBe(true);
    const recorded = readFileSync(join(recording, 'toolzz.recorded.yaml'), 'utf8');
    expect(recorded).not.toContain(TOOLZZ_TOKEN);
    const scenario = (
      parseYaml(recorded) as {
        operations: {
          createTelegramIntegration: { scenarios: Record<string, { status: number; body: unknown }> };
        };
      }
    ).operations.createTelegramIntegration.scenarios['create-telegram-integration-200'];

    const mock = runCli(['mock', ...SPECS, '--scenarios', recording, '--port', '0']);
    const mockUrl = await listeningUrl(mock);
    const replay = await call(
      mockUrl,
      'POST',
      TOOLZZ_PATH,
      { ...TOOLZZ_HEADERS, 'X-Mock-Scenario': 'create-telegram-integration-200' },
      TOOLZZ_BODY,
    );
    expect(replay.status).toBe(scenario?.status);
    expect(await replay.json()).toEqual(scenario?.body);
  });

  it.each([
    ['no --upstream', ['proxy', ...SPECS], '--upstream is required for sensay, toolzz'],
    [
      'an unknown NAME',
      ['proxy', ...SPECS, '--upstream', 'nope=http://127.0.0.1:9'],
      "no spec is named 'nope'",
    ],
    ['ftp:', ['proxy', '--upstream', 'ftp://127.0.0.1:9'], 'only http: and https: upstreams'],
    [
      'a zero timeout',
      ['proxy', '--upstream', 'http://127.0.0.1:9', '--upstream-timeout', '0'],
      '--upstream-timeout must be',
    ],
  ])('%s exits 2: %s', async (_label, args, message) => {
    const cli = runCli(args);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain('INVALID_OPTION');
    expect(cli.stderr()).toContain(message);
  });
});
