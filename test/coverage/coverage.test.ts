import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CoverageReport, OperationCoverage } from '../../src/coverage/createCoverage.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { SENSAY, TOOLZZ } from '../mock/apis.ts';
import { admin, call, type CallOptions } from '../state/http.ts';

let mock: StartedMock;

beforeAll(async () => {
  mock = await startMock({
    specs: [SENSAY_SPEC, TOOLZZ_SPEC],
    scenarioFiles: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
    journalSize: 5,
  });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  await admin(mock, 'POST', '/reset');
});

async function coverage(session?: string): Promise<CoverageReport> {
  const answer = await admin(mock, 'GET', `/coverage${session === undefined ? '' : `?session=${session}`}`);
  expect(answer.status).toBe(200);
  return answer.body as CoverageReport;
}

function operation(report: CoverageReport, id: string): OperationCoverage {
  const found = report.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no ${id} in the coverage report`);
  return found;
}

const sensay = (options: CallOptions = {}) =>
  call(mock, 'POST', SENSAY.path, {
    ...options,
    headers: { ...SENSAY.credentials, ...options.headers },
    body: SENSAY.body,
  });

describe('GET /__mock/coverage', () => {
  it('lists every operation, documented status and scenario, with 0 where nothing was sent', async () => {
    const report = await coverage();
    expect(report.operations.map((o) => o.operationId)).toEqual([
      'createReplicaTelegramIntegration',
      'deleteReplicaTelegramIntegration',
      'createTelegramIntegration',
      'getTelegramIntegration',
      'updateTelegramIntegration',
      'listTelegramIntegrationsByUnit',
    ]);
    expect(operation(report, 'createReplicaTelegramIntegration')).toMatchObject({
      method: 'POST',
      path: '/v1/replicas/{replicaUUID}/integrations/telegram',
      hits: 0,
      statuses: { '200': 0, '202': 0, '400': 0, '401': 0, '404': 0, '415': 0, '500': 0 },
    });
    expect(
      Object.values(operation(report, 'createTelegramIntegration').scenarios).every((n) => n === 0),
    ).toBe(true);
    expect(report.totals.operations).toEqual({ covered: 0, total: 6 });
    expect(report.totals.statuses.covered).toBe(0);
    expect(report.totals.scenarios.total).toBe(
      report.operations.reduce((sum, o) => sum + Object.keys(o.scenarios).length, 0),
    );
  });

  it("counts hits by status and scenario: a sequence counts with its step, a missing object as the API's 404", async () => {
    await sensay();
    await sensay({ headers: { 'X-Mock-Scenario': 'server-error' } });
    await sensay({ headers: { 'X-Mock-Scenario': 'accepted-then-success' } });
    await call(mock, 'DELETE', SENSAY.path, { headers: SENSAY.credentials });
    await call(mock, 'DELETE', SENSAY.path, { headers: SENSAY.credentials });
    const report = await coverage();
    expect(operation(report, 'createReplicaTelegramIntegration')).toMatchObject({
      hits: 3,
      statuses: { '200': 1, '202': 1, '500': 1 },
      scenarios: { success: 1, 'server-error': 1, 'accepted-then-success': 1, accepted: 1 },
    });
    expect(operation(report, 'deleteReplicaTelegramIntegration')).toMatchObject({
      hits: 2,
      statuses: { '200': 1, '404': 1 },
      scenarios: { success: 1, 'no-integration': 1 },
    });
    expect(report.unmatched).toEqual([]);
    expect(report.totals.operations).toEqual({ covered: 2, total: 6 });
  });

  it('lists requests the mock refused itself, with the reason, and does not count them as covered', async () => {
    await call(mock, 'GET', '/v1/nothing/here');
    await call(mock, 'POST', TOOLZZ.path, {
      headers: TOOLZZ.credentials,
      body: { ...TOOLZZ.body, scope: 'everyone' },
    });
    await call(mock, 'POST', TOOLZZ.path, {
      headers: TOOLZZ.credentials,
      body: { ...TOOLZZ.body, scope: 'everyone' },
    });
    await sensay({ headers: { 'X-Mock-Scenario': 'no-such-scenario' } });
    const report = await coverage();
    expect(report.unmatched).toEqual([
      {
        method: 'GET',
        path: '/v1/nothing/here',
        status: 404,
        reason: 'no operation is documented at /v1/nothing/here',
        hits: 1,
      },
      {
        method: 'POST',
        path: TOOLZZ.path,
        status: 400,
        reason: expect.stringContaining('body/scope must be equal to one of the allowed values') as unknown,
        hits: 2,
      },
      {
        method: 'POST',
        path: SENSAY.path,
        status: 400,
        reason: expect.stringContaining("unknown scenario 'no-such-scenario'") as unknown,
        hits: 1,
      },
    ]);
    expect(operation(report, 'createTelegramIntegration').hits).toBe(0);
    expect(report.requests).toBe(4);
  });

  it('counts every request, long after the journal has forgotten them', async () => {
    for (let i = 0; i < 40; i++) await sensay();
    const journal = await admin(mock, 'GET', '/requests');
    expect((journal.body as { requests: unknown[] }).requests).toHaveLength(5);
    expect(operation(await coverage(), 'createReplicaTelegramIntegration').statuses['200']).toBe(40);
  });

  it('is exact per session when sessions send at the same time', async () => {
    const plan = { a: ['success', 'accepted'], b: ['server-error'], c: ['unauthorized', 'success'] } as const;
    const sends = Object.entries(plan).flatMap(([session, scenarios]) =>
      Array.from({ length: 30 }, (_, i) =>
        sensay({ session, headers: { 'X-Mock-Scenario': scenarios[i % scenarios.length] ?? 'success' } }),
      ),
    );
    await Promise.all(sends);
    const scenariosOf = async (session: string) =>
      operation(await coverage(session), 'createReplicaTelegramIntegration').scenarios;
    expect(await scenariosOf('a')).toMatchObject({ success: 15, accepted: 15, 'server-error': 0 });
    expect(await scenariosOf('b')).toMatchObject({ success: 0, 'server-error': 30 });
    expect(await scenariosOf('c')).toMatchObject({ unauthorized: 15, success: 15 });
    expect(operation(await coverage(), 'createReplicaTelegramIntegration').hits).toBe(90);
    expect((await coverage('nobody')).requests).toBe(0);
  });

  it('DELETE forgets one session, reset forgets everything', async () => {
    await sensay({ session: 'x' });
    await sensay({ session: 'y' });
    expect((await admin(mock, 'DELETE', '/coverage?session=x')).status).toBe(204);
    expect((await coverage('x')).requests).toBe(0);
    expect((await coverage('y')).requests).toBe(1);
    await admin(mock, 'POST', '/reset');
    expect((await coverage()).requests).toBe(0);
  });
});
