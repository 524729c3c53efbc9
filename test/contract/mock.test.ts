import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { runContract } from '../../src/contract/runContract.ts';
import { createMockApp } from '../../src/server/createMockApp.ts';
import { failedChecks, LIBRARY, MOCK_CREDENTIALS, SENSAY, TOOLZZ, type SpecRun } from './targets.ts';

let mock: RunningServer;

beforeAll(async () => {
  const app = await createMockApp({
    specs: [SENSAY.spec, TOOLZZ.spec, LIBRARY.spec],
    credentials: MOCK_CREDENTIALS,
    seed: 11,
  });
  mock = await startServer(app, '127.0.0.1', 0);
});

afterAll(async () => {
  await mock.close();
});

const RUNS: readonly (readonly [name: string, run: SpecRun, minimumCases: number])[] = [
  ['sensay', SENSAY, 17],
  ['toolzz', TOOLZZ, 25],
  ['library-3.0', LIBRARY, 40],
];

describe('contract runner against the mock (in process)', () => {
  it.each(RUNS)(
    '%s: every case planned from the spec holds on the mock',
    async (_name, run, minimumCases) => {
      const report = await runContract({
        spec: run.spec,
        target: `${mock.url}${run.basePath}`,
        headers: run.headers,
        params: run.params,
        seed: 5,
        // The mock keeps no state yet; test/contract/stateful-mock.test.ts runs the stateful checks on it.
        stateless: true,
      });
      expect(report.cases.length).toBeGreaterThanOrEqual(minimumCases);
      expect(report.cases.every((c) => c.response !== undefined)).toBe(true);
      expect(failedChecks(report)).toEqual([]);
    },
  );

  it('checks both positive and negative cases, and both reach the mock', async () => {
    const report = await runContract({
      spec: TOOLZZ.spec,
      target: `${mock.url}/api`,
      headers: TOOLZZ.headers,
      seed: 5,
      stateless: true,
    });
    const statuses = new Set(report.cases.map((c) => c.response?.status));
    expect([...statuses].sort()).toEqual([200, 400, 401, 405, 415]);
    expect(report.passed).toBe(true);
  });

  it('reports a wrong target path as failures, not as an exception', async () => {
    const report = await runContract({
      spec: TOOLZZ.spec,
      target: mock.url,
      headers: TOOLZZ.headers,
      seed: 5,
      stateless: true,
    });
    expect(report.passed).toBe(false);
    expect(report.cases.every((c) => c.response?.status === 404)).toBe(true);
  });
});
