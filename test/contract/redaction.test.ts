import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactRequest, secretValues } from '../../src/contract/redactSecrets.ts';
import { renderJunit } from '../../src/contract/renderJunit.ts';
import { renderSummary } from '../../src/contract/renderSummary.ts';
import { runContract, type ContractReport } from '../../src/contract/runContract.ts';
import { toJsonReport } from '../../src/contract/toJsonReport.ts';
import { type ReferenceServer } from '../reference/index.ts';
import { ORGANIZATION_SECRET, SENSAY, TOOLZZ, TOOLZZ_TOKEN, startReference } from './targets.ts';

let broken: ReferenceServer;

beforeAll(async () => {
  // A target that fails checks, so the reports carry curl lines for the failures.
  broken = await startReference({ mutant: 'sensay-ignores-credentials' });
});

afterAll(async () => {
  await broken.close();
});

/** Everything a CI job could print or upload for this report. */
function everyReport(report: ContractReport): string {
  return [renderSummary(report), renderJunit(report), JSON.stringify(toJsonReport(report))].join('\n');
}

describe('credentials passed with --header', () => {
  it('never appear in the summary, JUnit or JSON reports, nor inside derived wrong credentials', async () => {
    const report = await runContract({
      spec: SENSAY.spec,
      target: broken.url,
      headers: SENSAY.headers,
      params: SENSAY.params,
      seed: 4,
    });
    expect(report.passed).toBe(false);
    const text = everyReport(report);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(ORGANIZATION_SECRET);
  });

  it('are printed with showSecrets, for a curl line that runs as is', async () => {
    const report = await runContract({
      spec: SENSAY.spec,
      target: broken.url,
      headers: SENSAY.headers,
      params: SENSAY.params,
      seed: 4,
      showSecrets: true,
    });
    expect(everyReport(report)).toContain(ORGANIZATION_SECRET);
  });

  it('hide a bearer token both as the whole header value and as the bare token', () => {
    const secrets = secretValues(TOOLZZ.headers);
    const request = {
      method: 'POST',
      url: `${broken.url}/api?t=${TOOLZZ_TOKEN}`,
      headers: [['Authorization', `Bearer ${TOOLZZ_TOKEN}x`]] as const,
      body: `{"token":"${TOOLZZ_TOKEN}"}`,
    };
    const shown = redactRequest({ ...request, headers: [...request.headers] }, secrets);
    expect(JSON.stringify(shown)).not.toContain(TOOLZZ_TOKEN);
    expect(shown.headers[0]?.[1]).toBe('Bearer [redacted]x');
  });

  it('leave headers that are not credentials alone', () => {
    expect(
      secretValues([
        ['X-Request-Source', 'ci-pipeline'],
        ['X-API-Key', 'k-123456'],
      ]),
    ).toEqual(['k-123456']);
  });
});
