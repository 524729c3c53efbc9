import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledApis, createMockServer } from 'mockgram';
import { connectMock, type CoverageReport, type MockClient } from 'mockgram/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../support/paths.ts';
import { validateXml } from '../support/xmllint.ts';
import { createIntegrationsApi } from './app/integrations.ts';

// The example suite's end-to-end half: the mock runs as a server (in-process here; `npx mockgram mock --port 0` in a
// Playwright globalSetup does the same), every "worker" has its own session, drives it with mockgram/client, points
// the page at the mock, and CI ends with the coverage gate.

const REPLICA = '03db5651-cb61-4bdf-9ef0-89561f7c9c53';
const UNIT = 'e2cc768e-9687-4ecc-8468-908570b6304a';
const BOT = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: UNIT,
  title: 'Support',
  scope: 'both',
  botToken: '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y',
} as const;
const TELEGRAM = { telegramToken: BOT.botToken, mention: 'acme_support_bot' };

let server: Server;
let baseUrl: string;
let reports: string;

beforeAll(async () => {
  const mock = await createMockServer(bundledApis()); // the bundled specs and scenarios, as `mockgram mock` serves them
  server = createServer(mock.control.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  reports = await mkdtemp(join(tmpdir(), 'mockgram-example-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(reports, { recursive: true, force: true });
});

/** What one Playwright worker sets up: a control client for its session, and the page pointed at the mock. */
function worker(session: string) {
  const mock = connectMock({ baseUrl, session });
  const page = createIntegrationsApi({
    sensayUrl: baseUrl,
    toolzzUrl: `${baseUrl}/api`,
    sensaySecret: 'org-secret-example',
    toolzzToken: 'toolzz-token-example',
    headers: mock.headers(), // X-Mock-Session: <session>
  });
  return { mock, page };
}

/** `mockgram coverage` as CI runs it (`npx mockgram coverage ...` in a project that installed mockgram). */
async function coverageGate(
  args: readonly string[],
): Promise<{ code: unknown; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'coverage', '--target', baseUrl, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit: unknown[] = await once(child, 'exit');
  return { code: exit[0], stdout, stderr };
}

/** The operations a report shows as exercised, with their hits, statuses and scenarios that have hits. */
function exercised(report: CoverageReport) {
  const used = (counts: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(counts).filter(([, hits]) => hits > 0));
  return report.operations
    .filter((o) => o.hits > 0)
    .map((o) => ({
      operation: o.operationId,
      hits: o.hits,
      statuses: used(o.statuses),
      scenarios: used(o.scenarios),
    }));
}

describe('two workers against one running mock', () => {
  it('keep their scenarios, objects, requests and coverage apart while they run at once', async () => {
    await connectMock({ baseUrl }).reset();
    const one = worker('worker-1');
    const two = worker('worker-2');

    const [first, second] = await Promise.all([
      (async () => {
        const chosen = await one.mock.use('server-error', { operation: 'createTelegramIntegration' });
        expect(chosen.appliedTo).toEqual(['createTelegramIntegration']);
        return [
          await one.page.createToolzzBot(BOT),
          await one.page.listToolzzBots(UNIT),
          await one.page.connectReplicaBot(REPLICA, TELEGRAM),
          await one.page.disconnectReplicaBot(REPLICA),
        ];
      })(),
      (async () => {
        const created = await two.page.createToolzzBot(BOT);
        if (created.kind !== 'ready') throw new Error(`create: ${JSON.stringify(created)}`);
        const { id } = created.data;
        const read = await two.page.getToolzzBot(id);
        const updated = await two.page.updateToolzzBot(id, { ...BOT, scope: 'private' });
        const listed = await two.page.listToolzzBots(UNIT);
        await two.mock.use('replica-not-found', { operation: 'deleteReplicaTelegramIntegration' });
        return [created, read, updated, listed, await two.page.disconnectReplicaBot(REPLICA)];
      })(),
    ]);

    expect(first.map((state) => state.kind)).toEqual(['failed', 'ready', 'ready', 'ready']);
    expect(first[1]).toEqual({ kind: 'ready', data: [] }); // worker-2's integration is not in worker-1's list
    expect(second.map((state) => state.kind)).toEqual(['ready', 'ready', 'ready', 'ready', 'missing']);
    expect(second[3]).toMatchObject({ kind: 'ready', data: [{ scope: 'private' }] });

    const objects = async (client: MockClient, name: string) =>
      (await client.state()).resources.filter((r) => r.name === name).flatMap((r) => r.objects);
    expect(await objects(one.mock, 'TelegramIntegration')).toEqual([]);
    expect(await objects(two.mock, 'TelegramIntegration')).toMatchObject([
      { botId: BOT.botId, unitId: UNIT, title: BOT.title, scope: 'private', isTokenMasked: true },
    ]);

    expect((await one.mock.requests()).map((r) => `${r.method} ${String(r.status)}`)).toEqual([
      'DELETE 200',
      'POST 200',
      'GET 200',
      'POST 500',
    ]);

    const coverageOne = await one.mock.coverage();
    expect(coverageOne.requests).toBe(4);
    expect(exercised(coverageOne)).toEqual([
      {
        operation: 'createReplicaTelegramIntegration',
        hits: 1,
        statuses: { '200': 1 },
        scenarios: { success: 1 },
      },
      {
        operation: 'deleteReplicaTelegramIntegration',
        hits: 1,
        statuses: { '200': 1 },
        scenarios: { success: 1 },
      },
      {
        operation: 'createTelegramIntegration',
        hits: 1,
        statuses: { '500': 1 },
        scenarios: { 'server-error': 1 },
      },
      {
        operation: 'listTelegramIntegrationsByUnit',
        hits: 1,
        statuses: { '200': 1 },
        scenarios: { success: 1 },
      },
    ]);
    const coverageTwo = await two.mock.coverage();
    expect(coverageTwo.requests).toBe(5);
    expect(exercised(coverageTwo)).toEqual([
      {
        operation: 'deleteReplicaTelegramIntegration',
        hits: 1,
        statuses: { '404': 1 },
        scenarios: { 'replica-not-found': 1 },
      },
      ...['createTelegramIntegration', 'getTelegramIntegration', 'updateTelegramIntegration'].map(
        (operation) => ({
          operation,
          hits: 1,
          statuses: { '200': 1 },
          scenarios: { success: 1 },
        }),
      ),
      {
        operation: 'listTelegramIntegrationsByUnit',
        hits: 1,
        statuses: { '200': 1 },
        scenarios: { success: 1 },
      },
    ]);
    expect((await one.mock.coverage({ session: null })).requests).toBe(9);
  });

  // After the workers above, as CI runs the gate after the suite.
  it('runs the coverage gate per worker: exit 0 when met, 1 naming the threshold when not, with a JUnit report', async () => {
    const passedXml = join(reports, 'worker-2.xml');
    const passed = await coverageGate([
      '--session',
      'worker-2',
      '--min-operations',
      '80',
      '--junit',
      passedXml,
    ]);
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('5/6');

    const failedXml = join(reports, 'worker-1.xml');
    const failed = await coverageGate([
      '--session',
      'worker-1',
      '--min-operations',
      '80',
      '--junit',
      failedXml,
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('--min-operations 80 not met: 4 of 6 operations called (66.7%)');

    const xml = await readFile(failedXml, 'utf8');
    expect(validateXml(xml)).toEqual({ valid: true, output: '- validates' });
    // Every operation called, documented status and scenario is a test, plus the threshold: the two operations
    // worker-1 never called and the threshold fail; the statuses and scenarios it missed are skipped (no threshold).
    expect(xml).toMatch(/<testsuites name="mockgram coverage" tests="98" failures="3" /);
    const failedCases = [
      ...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"[^>]*>\s*<failure/g),
    ].map(([, classname, name]) => `${classname ?? ''} ${name ?? ''}`);
    expect(failedCases).toEqual([
      'mockgram.coverage.toolzz.getTelegramIntegration called',
      'mockgram.coverage.toolzz.updateTelegramIntegration called',
      'mockgram.coverage.thresholds --min-operations 80',
    ]);
    expect(await readFile(passedXml, 'utf8')).toMatch(
      /<testsuites name="mockgram coverage" tests="98" failures="0" /,
    );
  });

  it('reset() puts the whole mock back: every session, its objects and its coverage', async () => {
    const one = worker('worker-1');
    await one.mock.reset();
    expect((await one.mock.coverage({ session: null })).requests).toBe(0);
    expect((await worker('worker-2').mock.state()).resources.flatMap((r) => r.objects)).toEqual([]);
    expect(await one.page.listToolzzBots(UNIT)).toEqual({ kind: 'ready', data: [] });
  });
});
