import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import type { ScenarioProbe } from '../../src/contract/provokeScenario.ts';
import { runContract, type ContractReport } from '../../src/contract/runContract.ts';
import { createMockApp } from '../../src/server/createMockApp.ts';
import { type MutantName } from '../reference/index.ts';
import { MOCK_CREDENTIALS, SENSAY, TOOLZZ, startReference } from './targets.ts';

const OPERATION = 'createReplicaTelegramIntegration';

/** A hand-made list in the shape the scenario catalog's `provoke` entries will be turned into. */
const SENSAY_PROBES: readonly ScenarioProbe[] = [
  {
    operationId: OPERATION,
    scenario: 'unauthorized',
    expectedStatus: 401,
    provoke: { omitCredentials: true },
  },
  {
    operationId: OPERATION,
    scenario: 'wrong-secret',
    expectedStatus: 401,
    provoke: { wrongCredentials: true },
  },
  {
    operationId: OPERATION,
    scenario: 'unsupported-media-type',
    expectedStatus: 415,
    provoke: { contentType: 'text/plain' },
  },
  {
    operationId: OPERATION,
    scenario: 'bad-request',
    expectedStatus: 400,
    provoke: { removeProperties: ['mention'] },
  },
  {
    operationId: OPERATION,
    scenario: 'replica-not-found',
    expectedStatus: 404,
    provoke: { pathParams: { replicaUUID: '00000000-0000-4000-8000-000000000000' } },
  },
  { operationId: OPERATION, scenario: 'malformed', expectedStatus: 400, provoke: { rawBody: '{"mention":' } },
  // Sensay publishes X-API-Version as a plain string: any value is served.
  {
    operationId: OPERATION,
    scenario: 'any-version',
    expectedStatus: 200,
    provoke: { headers: { 'X-API-Version': 'yesterday' } },
  },
  {
    operationId: OPERATION,
    scenario: 'number-token',
    expectedStatus: 400,
    provoke: { setProperties: { telegram_token: 42 } },
  },
  // Cannot be provoked: the valid body has no such property, and the operation no such path parameter.
  {
    operationId: OPERATION,
    scenario: 'no-such-property',
    expectedStatus: 400,
    provoke: { removeProperties: ['x'] },
  },
  {
    operationId: OPERATION,
    scenario: 'no-such-parameter',
    expectedStatus: 404,
    provoke: { pathParams: { id: '1' } },
  },
  { operationId: 'deleteReplica', scenario: 'other-operation', expectedStatus: 200, provoke: {} },
];

let stop: (() => Promise<void>) | undefined;

afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function onReference(mutant?: MutantName): Promise<string> {
  const server = await startReference({ mutant });
  stop = () => server.close();
  return server.url;
}

async function verify(target: string, probes: readonly ScenarioProbe[]): Promise<ContractReport> {
  return runContract({
    spec: SENSAY.spec,
    target,
    headers: SENSAY.headers,
    params: SENSAY.params,
    seed: 5,
    scenarios: probes,
  });
}

function verdicts(report: ContractReport): Record<string, string> {
  return Object.fromEntries(report.scenarios.map((s) => [s.probe.scenario, s.verdict]));
}

describe('scenario verification', () => {
  it('verifies every provokable scenario on the reference and names the ones that cannot be provoked', async () => {
    const report = await verify(await onReference(), SENSAY_PROBES);
    expect(verdicts(report)).toEqual({
      unauthorized: 'verified',
      'wrong-secret': 'verified',
      'unsupported-media-type': 'verified',
      'bad-request': 'verified',
      'replica-not-found': 'verified',
      malformed: 'verified',
      'any-version': 'verified',
      'number-token': 'verified',
      'no-such-property': 'unverifiable',
      'no-such-parameter': 'unverifiable',
      'other-operation': 'unverifiable',
    });
    expect(report.passed).toBe(true);
    const reasons = report.scenarios.filter((s) => s.verdict === 'unverifiable').map((s) => s.reason);
    expect(reasons).toEqual([
      "the valid body has no property 'x' to remove",
      'createReplicaTelegramIntegration has no path parameter id',
      'sensay has no operation deleteReplica',
    ]);
  });

  it('reports a scenario as drifted when the status differs', async () => {
    const report = await verify(
      await onReference('sensay-accepts-missing-mention'),
      SENSAY_PROBES.slice(0, 5),
    );
    const drifted = report.scenarios.filter((s) => s.verdict === 'drifted');
    expect(drifted.map((s) => s.probe.scenario)).toEqual(['bad-request']);
    expect(drifted[0]?.reason).toMatch(/^expected 400, got 200/);
    expect(drifted[0]?.curl).toContain('--data-raw');
    expect(report.passed).toBe(false);
  });

  it('reports a scenario as drifted when the body shape differs', async () => {
    const report = await verify(
      await onReference('sensay-error-without-request-id'),
      SENSAY_PROBES.slice(0, 1),
    );
    expect(report.scenarios[0]?.verdict).toBe('drifted');
    expect(report.scenarios[0]?.reason).toContain("must have required property 'request_id'");
  });

  it('the mock cannot know which replicas exist: its not-found scenario is not what a request provokes', async () => {
    const app = await createMockApp({ specs: [SENSAY.spec, TOOLZZ.spec], credentials: MOCK_CREDENTIALS });
    const mock: RunningServer = await startServer(app, '127.0.0.1', 0);
    stop = () => mock.close();
    const report = await verify(mock.url, SENSAY_PROBES.slice(0, 5));
    expect(verdicts(report)).toEqual({
      unauthorized: 'verified',
      'wrong-secret': 'verified',
      'unsupported-media-type': 'verified',
      'bad-request': 'verified',
      'replica-not-found': 'drifted',
    });
  });

  it('a target that does not answer makes a scenario unverifiable, not drifted', async () => {
    const url = await onReference();
    await stop?.();
    stop = undefined;
    const report = await runContract({
      spec: SENSAY.spec,
      target: url,
      headers: SENSAY.headers,
      params: SENSAY.params,
      operations: [OPERATION],
      scenarios: SENSAY_PROBES.slice(0, 1),
      timeoutMs: 2_000,
    });
    expect(report.scenarios[0]?.verdict).toBe('unverifiable');
    expect(report.scenarios[0]?.reason).toMatch(/^no answer: ECONNREFUSED/);
    expect(report.cases.every((c) => c.outcomes.some((o) => o.check === 'responds' && !o.passed))).toBe(true);
  });
});
