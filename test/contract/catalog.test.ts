import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { loadScenarioProbes } from '../../src/contract/loadScenarioProbes.ts';
import type { ScenarioProbe } from '../../src/contract/provokeScenario.ts';
import { runContract } from '../../src/contract/runContract.ts';
import { createMockApp } from '../../src/server/createMockApp.ts';
import { CLI, SENSAY_SCENARIOS, TOOLZZ_SCENARIOS } from '../support/paths.ts';
import { type ReferenceServer } from '../reference/index.ts';
import { MOCK_CREDENTIALS, ORGANIZATION_SECRET, REPLICA, SENSAY, TOOLZZ, startReference } from './targets.ts';

const run = promisify(execFile);

/** The scenarios whose `provoke` the catalogs declare: these are what the runner can prove on a real API. */
const PROVOKED = {
  sensay: {
    createReplicaTelegramIntegration: [
      'bad-request',
      'unauthorized',
      'replica-not-found',
      'unsupported-media-type',
    ],
    deleteReplicaTelegramIntegration: ['bad-request', 'unauthorized', 'replica-not-found'],
  },
  toolzz: {
    createTelegramIntegration: ['bad-request', 'unauthorized', 'not-found', 'unsupported-media-type'],
    getTelegramIntegration: ['bad-request', 'unauthorized', 'not-found'],
    listTelegramIntegrationsByUnit: ['bad-request', 'unauthorized'],
    updateTelegramIntegration: ['bad-request', 'unauthorized', 'not-found', 'unsupported-media-type'],
  },
} as const;

function pairs(byOperation: Readonly<Record<string, readonly string[]>>): string[][] {
  return Object.entries(byOperation).flatMap(([operation, names]) => names.map((name) => [operation, name]));
}

/**
 * Scenarios only a target that keeps state can show: an id nobody created is a 404. The mock keeps no state yet, so
 * they are verified on the reference here and on the mock in test/contract/stateful-mock.test.ts.
 */
function needsState(probe: ScenarioProbe): boolean {
  return (
    probe.scenario === 'not-found' &&
    ['getTelegramIntegration', 'updateTelegramIntegration'].includes(probe.operationId)
  );
}

let reference: ReferenceServer;
let mock: RunningServer;

beforeAll(async () => {
  reference = await startReference();
  const app = await createMockApp({
    specs: [SENSAY.spec, TOOLZZ.spec],
    scenarioFiles: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
    credentials: MOCK_CREDENTIALS,
  });
  mock = await startServer(app.mockgram.listener, '127.0.0.1', 0);
});

afterAll(async () => {
  await Promise.all([reference.close(), mock.close()]);
});

describe('scenario verification from the committed catalogs', () => {
  it('turns exactly the scenarios with a provoke entry into probes', async () => {
    const sensay = await loadScenarioProbes(SENSAY.spec, [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS]);
    const toolzz = await loadScenarioProbes(TOOLZZ.spec, [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS]);
    expect(sensay.map((p) => [p.operationId, p.scenario])).toEqual(pairs(PROVOKED.sensay));
    expect(toolzz.map((p) => [p.operationId, p.scenario])).toEqual(pairs(PROVOKED.toolzz));
    expect(sensay.find((p) => p.scenario === 'unsupported-media-type')?.expectedStatus).toBe(415);
  });

  it.each([
    ['sensay', SENSAY, SENSAY_SCENARIOS],
    ['toolzz', TOOLZZ, TOOLZZ_SCENARIOS],
  ] as const)(
    '%s: every provoked scenario is verified on the reference implementation, and on the mock those that need no state',
    async (_name, spec, file) => {
      const all = await loadScenarioProbes(spec.spec, [file]);
      for (const base of [reference.url, mock.url]) {
        const scenarios = base === mock.url ? all.filter((p) => !needsState(p)) : all;
        const report = await runContract({
          spec: spec.spec,
          target: `${base}${spec.basePath}`,
          headers: spec.headers,
          params: spec.params,
          scenarios,
          seed: 3,
          // The mock keeps no state yet (test/contract/stateful-mock.test.ts has the stateful runs).
          stateless: base === mock.url,
        });
        expect(report.scenarios.map((s) => [s.probe.scenario, s.verdict])).toEqual(
          scenarios.map((p) => [p.scenario, 'verified']),
        );
        expect(report.passed).toBe(true);
      }
    },
  );
});

describe('mockgram contract (the CLI)', () => {
  it('checks the mock against the spec, replays the catalog and exits 0', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      'contract',
      SENSAY.spec,
      '--target',
      mock.url,
      '--header',
      `X-ORGANIZATION-SECRET: ${ORGANIZATION_SECRET}`,
      '--param',
      `replicaUUID=${REPLICA}`,
      '--scenarios',
      SENSAY_SCENARIOS,
      '--seed',
      '7',
      '--stateless',
    ]);
    expect(stdout).toMatch(/verified/);
    expect(stdout).toContain('| stateless |');
    expect(stdout).toContain('unsupported-media-type');
  });

  it('exits 2 for a set-up problem (a target path where nothing is served) and for bad arguments', async () => {
    const misplaced = await run(process.execPath, [
      CLI,
      'contract',
      SENSAY.spec,
      '--target',
      `${mock.url}/nowhere`,
      '--seed',
      '7',
    ]).then(
      () => 0,
      (error: unknown) => (error as { code?: number }).code,
    );
    expect(misplaced).toBe(2);
    const bad = await run(process.execPath, [CLI, 'contract', SENSAY.spec]).then(
      () => 0,
      (error: unknown) => (error as { code?: number }).code,
    );
    expect(bad).toBe(2);
  });
});
