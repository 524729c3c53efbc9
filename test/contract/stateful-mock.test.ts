import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { loadScenarioInputs } from '../../src/contract/loadScenarioProbes.ts';
import { runContract, type ContractReport } from '../../src/contract/runContract.ts';
import { STATEFUL_CHECKS } from '../../src/contract/types.ts';
import { createMockApp } from '../../src/server/createMockApp.ts';
import { BOOKSHELF_SPEC, SENSAY_SCENARIOS, TOOLZZ_SCENARIOS } from '../support/paths.ts';
import { failedChecks, MOCK_CREDENTIALS, SENSAY, TOOLZZ, type SpecRun } from './targets.ts';

/**
 * The contract runner's stateful checks against the mock itself: the mock must keep what a test creates (per
 * `X-Mock-Session`), answer reads with it, and the documented 404 for ids that name nothing. These runs need the
 * stateful engine (issue 9); everything else about the mock's contract is in mock.test.ts and catalog.test.ts.
 */

const BOOKSHELF_KEY = 'contract-bookshelf-key';
const BOOKSHELF: SpecRun = {
  spec: BOOKSHELF_SPEC,
  basePath: '/shelf/v2',
  headers: [['X-Api-Key', BOOKSHELF_KEY]],
  params: {},
};

let mock: RunningServer;

beforeAll(async () => {
  const app = await createMockApp({
    specs: [SENSAY.spec, TOOLZZ.spec, BOOKSHELF.spec],
    scenarioFiles: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
    credentials: { ...MOCK_CREDENTIALS, 'bookshelf-3.1': { apiKey: [BOOKSHELF_KEY] } },
    seed: 11,
  });
  mock = await startServer(app.mockgram.listener, '127.0.0.1', 0);
});

afterAll(async () => {
  await mock.close();
});

async function runOnMock(run: SpecRun, session: string, scenarioFile?: string): Promise<ContractReport> {
  const inputs = scenarioFile === undefined ? undefined : await loadScenarioInputs(run.spec, [scenarioFile]);
  return runContract({
    spec: run.spec,
    target: `${mock.url}${run.basePath}`,
    headers: [...run.headers, ['X-Mock-Session', session]],
    params: run.params,
    scenarios: inputs?.probes,
    resources: inputs?.resources,
    seed: 5,
  });
}

function statefulOutcomes(report: ContractReport): string[] {
  return report.cases
    .filter((c) => c.case.kind === 'stateful')
    .flatMap((c) =>
      c.outcomes.filter((o) => STATEFUL_CHECKS.includes(o.check)).map((o) => `${c.case.id} ${o.check}`),
    );
}

describe('the stateful contract on the mock', () => {
  it.each([
    ['sensay', SENSAY, SENSAY_SCENARIOS],
    ['toolzz', TOOLZZ, TOOLZZ_SCENARIOS],
  ] as const)(
    '%s: every check holds, the stateful ones and every provoked scenario included',
    async (name, run, file) => {
      const report = await runOnMock(run, `contract-${name}`, file);
      expect(failedChecks(report)).toEqual([]);
      expect(report.scenarios.filter((s) => s.verdict !== 'verified')).toEqual([]);
      expect(statefulOutcomes(report).length).toBeGreaterThan(0);
      expect(report.passed).toBe(true);
    },
  );

  it('sensay: create, delete, then a second delete is the declared no-integration 404', async () => {
    const report = await runOnMock(SENSAY, 'contract-sensay-delete', SENSAY_SCENARIOS);
    const steps = report.cases.filter((c) => c.case.kind === 'stateful');
    expect(steps.map((c) => [c.case.id, c.response?.status])).toEqual([
      ['createReplicaTelegramIntegration state:create', 200],
      ['deleteReplicaTelegramIntegration state:delete', 200],
      ['deleteReplicaTelegramIntegration state:delete-again', 404],
    ]);
    expect(JSON.parse(steps[2]?.response?.text ?? '{}')).toMatchObject({
      error: `Replica ${SENSAY.params['replicaUUID'] ?? ''} has no Telegram integration`,
    });
  });

  it('toolzz: read after create, list by unit, update then read and unknown ids all hold', async () => {
    const report = await runOnMock(TOOLZZ, 'contract-toolzz-flow');
    expect(statefulOutcomes(report)).toEqual([
      'getTelegramIntegration state:read-after-create read-after-create',
      'listTelegramIntegrationsByUnit state:list-after-create list-after-create',
      'getTelegramIntegration state:read-after-replace update-then-read',
      'getTelegramIntegration state:unknown-id unknown-id',
      'updateTelegramIntegration state:unknown-id unknown-id',
    ]);
    expect(failedChecks(report)).toEqual([]);
  });

  it("bookshelf (no scenario file): every stateful check holds; only the fixture's undocumented statuses fail", async () => {
    const report = await runOnMock(BOOKSHELF, 'contract-bookshelf');
    const stateful = report.cases.filter((c) => c.case.kind === 'stateful');
    expect(stateful.filter((c) => !c.passed).map((c) => c.case.id)).toEqual([]);
    expect(new Set(statefulOutcomes(report).map((o) => o.split(' ').at(-1)))).toEqual(
      new Set(STATEFUL_CHECKS),
    );
    // The fixture documents no 401 anywhere, and no 400 for reads and deletes: answers to missing credentials and
    // to malformed ids are rightly reported as undocumented. Nothing else may fail.
    const gaps = /^(credentials-(missing|wrong)|path-[a-z]+:(bookId|loanId)) status-documented$/;
    expect(failedChecks(report).filter((failure) => !gaps.test(failure))).toEqual([]);
  });

  it('sessions are isolated: what one run created is unknown in another session', async () => {
    const first = await runOnMock(TOOLZZ, 'contract-session-a');
    const created = first.cases.find((c) => c.case.id === 'createTelegramIntegration state:create');
    const id = (JSON.parse(created?.response?.text ?? '{}') as { id?: string }).id;
    expect(id).toBeDefined();
    const read = await fetch(`${mock.url}/api/v1/telegram/integration/${id ?? ''}`, {
      headers: { Authorization: TOOLZZ.headers[0]?.[1] ?? '', 'X-Mock-Session': 'contract-session-b' },
    });
    expect(read.status).toBe(404);
  });
});
