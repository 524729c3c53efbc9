import { describe, expect, it } from 'vitest';
import { evaluateCoverage, formatPercent } from '../../src/gate/evaluateCoverage.ts';
import { renderCoverageTable } from '../../src/gate/renderCoverageTable.ts';
import { REPORT } from './fixtures.ts';

function outcomes(result: ReturnType<typeof evaluateCoverage>): string[] {
  return result.items.map(
    (item) =>
      `${item.operation.operationId} ${item.name}: ${item.outcome}${item.message ? ` (${item.message})` : ''}`,
  );
}

describe('evaluateCoverage', () => {
  it('without thresholds passes, and lists what was never exercised as skipped', () => {
    const result = evaluateCoverage(REPORT);
    expect(result.passed).toBe(true);
    expect(result.verdicts).toEqual([]);
    expect(outcomes(result)).toEqual([
      'createThing called: passed',
      'createThing status 200: passed',
      'createThing status 400: passed',
      'createThing status 500: skipped (never answered)',
      'createThing scenario success: passed',
      'createThing scenario server-error: skipped (never used)',
      'getThing called: skipped (never called)',
      'getThing status 200: skipped (never answered)',
      'getThing status 404: skipped (never answered)',
    ]);
  });

  it('meets a threshold at exactly the minimum and fails just above it', () => {
    const met = evaluateCoverage(REPORT, { minOperations: 50, minStatuses: 40 });
    expect(met.passed).toBe(true);
    expect(met.verdicts.map((v) => v.message)).toEqual([
      '--min-operations 50 met: 1 of 2 operations called (50%)',
      '--min-statuses 40 met: 2 of 5 documented statuses answered (40%)',
    ]);

    const failed = evaluateCoverage(REPORT, { minOperations: 50, minStatuses: 40.5 });
    expect(failed.passed).toBe(false);
    expect(failed.verdicts.map((v) => [v.check, v.option, v.met])).toEqual([
      ['operations', '--min-operations 50', true],
      ['statuses', '--min-statuses 40.5', false],
    ]);
    expect(failed.verdicts[1]?.message).toBe(
      '--min-statuses 40.5 not met: 2 of 5 documented statuses answered (40%)',
    );
  });

  it('fails exactly the items of the kind whose threshold is not met', () => {
    const result = evaluateCoverage(REPORT, { minStatuses: 100, minScenarios: 10 });
    expect(outcomes(result)).toEqual([
      'createThing called: passed',
      'createThing status 200: passed',
      'createThing status 400: passed',
      'createThing status 500: failed (never answered; --min-statuses 100 is not met)',
      'createThing scenario success: passed',
      'createThing scenario server-error: skipped (never used)',
      'getThing called: skipped (never called)',
      'getThing status 200: failed (never answered; --min-statuses 100 is not met)',
      'getThing status 404: failed (never answered; --min-statuses 100 is not met)',
    ]);
  });

  it('counts a kind with nothing in it as fully covered', () => {
    const empty = { ...REPORT, totals: { ...REPORT.totals, scenarios: { covered: 0, total: 0 } } };
    const result = evaluateCoverage(empty, { minScenarios: 100 });
    expect(result.passed).toBe(true);
    expect(result.verdicts[0]?.message).toBe('--min-scenarios 100 met: 0 of 0 scenarios used (100%)');
  });

  it('--fail-on-unmatched counts every refused request, and passes when there is none', () => {
    const twice = { ...REPORT, unmatched: REPORT.unmatched.map((entry) => ({ ...entry, hits: 2 })) };
    expect(evaluateCoverage(twice, { failOnUnmatched: true }).verdicts).toEqual([
      {
        check: 'unmatched',
        option: '--fail-on-unmatched',
        met: false,
        message: '--fail-on-unmatched not met: 2 requests refused for no route or failed validation',
      },
    ]);
    const clean = evaluateCoverage({ ...REPORT, unmatched: [] }, { failOnUnmatched: true });
    expect(clean.passed).toBe(true);
  });

  it('formats percentages with one decimal, dropping .0', () => {
    expect([formatPercent(1, 3), formatPercent(2, 4), formatPercent(0, 0), formatPercent(2, 3)]).toEqual([
      '33.3%',
      '50%',
      '100%',
      '66.7%',
    ]);
  });
});

describe('renderCoverageTable', () => {
  it('shows per operation hits, statuses and scenarios covered, what was never used, unmatched, totals and verdicts', () => {
    const table = renderCoverageTable(
      evaluateCoverage(REPORT, { minOperations: 50, minStatuses: 60, failOnUnmatched: true }),
      { target: 'http://127.0.0.1:4010' },
    );
    expect(table).toBe(
      [
        'Coverage of http://127.0.0.1:4010, session ci: 5 requests',
        '',
        '  hits  statuses  scenarios  operation',
        '     4       2/3        1/2  shop createThing (POST /things)',
        '                             statuses never answered: 500',
        '                             scenarios never used: server-error',
        '     0       0/2        0/0  shop getThing (GET /things/{id})',
        '                             statuses never answered: 200, 404',
        '',
        'Unmatched requests (no route, or refused by validation):',
        '  1× GET /nope → 404: no operation is documented at /nope',
        '',
        'Totals: operations 1/2 (50%), statuses 2/5 (40%), scenarios 1/2 (50%)',
        '',
        'Thresholds:',
        '  ok     --min-operations 50 met: 1 of 2 operations called (50%)',
        '  FAILED --min-statuses 60 not met: 2 of 5 documented statuses answered (40%)',
        '  FAILED --fail-on-unmatched not met: 1 request refused for no route or failed validation',
        '',
      ].join('\n'),
    );
  });

  it('names the session as the mock does: every session, or requests without one', () => {
    expect(renderCoverageTable(evaluateCoverage({ ...REPORT, session: undefined }))).toMatch(
      /^Coverage, every session: 5 requests\n/,
    );
    expect(renderCoverageTable(evaluateCoverage({ ...REPORT, session: 'default', requests: 1 }))).toMatch(
      /^Coverage, requests without a session: 1 request\n/,
    );
    expect(renderCoverageTable(evaluateCoverage({ ...REPORT, unmatched: [] }))).toContain(
      '\nUnmatched requests: none\n',
    );
  });
});
