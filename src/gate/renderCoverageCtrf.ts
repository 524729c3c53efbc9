import type { CoverageTotals, UnmatchedRequest } from '../coverage/createCoverage.ts';
import { ctrfDocument, type CtrfDocument, type CtrfTest } from '../report/ctrfDocument.ts';
import type { CoverageGateResult } from './evaluateCoverage.ts';

export { CTRF_SPEC_VERSION, type CtrfStatus, type CtrfTest } from '../report/ctrfDocument.ts';

/** The Common Test Report Format document the gate writes (test/schemas/ctrf.schema.json). */
export type CtrfReport = CtrfDocument<{
  readonly target?: string;
  readonly session: string | null;
  readonly requests: number;
  readonly totals: Readonly<Record<'operations' | 'statuses' | 'scenarios', CoverageTotals>>;
  readonly unmatched: readonly UnmatchedRequest[];
}>;

export interface CtrfOptions {
  readonly target?: string | undefined;
  /** When reading the coverage started and ended, in epoch milliseconds (default: now). */
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  /** A UUID for the document (default: a random one). */
  readonly reportId?: string | undefined;
}

/**
 * CTRF JSON with the same tests as the JUnit report: per operation `called`, each documented status and each scenario
 * (suite `[spec, operationId]`, status passed/failed/skipped as `evaluateCoverage` judged it), then one test per
 * threshold given (suite `["thresholds"]`). Duration is 0: coverage is counted, not timed. `results.extra` carries the
 * totals and the unmatched requests.
 */
export function renderCoverageCtrf(result: CoverageGateResult, options: CtrfOptions = {}): CtrfReport {
  const tests: CtrfTest[] = result.items.map((item) => ({
    name: `${item.operation.operationId} ${item.name}`,
    status: item.outcome,
    duration: 0,
    suite: [item.operation.spec, item.operation.operationId],
    ...(item.message !== undefined && { message: item.message }),
    type: 'coverage',
    tags: [item.kind],
    extra: { hits: item.hits, method: item.operation.method, path: item.operation.path },
  }));
  for (const verdict of result.verdicts) {
    tests.push({
      name: verdict.option,
      status: verdict.met ? 'passed' : 'failed',
      duration: 0,
      suite: ['thresholds'],
      message: verdict.message,
      type: 'coverage',
      tags: ['threshold'],
      extra: { check: verdict.check },
    });
  }
  return ctrfDocument({
    generatedBy: 'mockgram coverage',
    tests,
    suites: result.report.operations.length + (result.verdicts.length > 0 ? 1 : 0),
    start: options.start,
    stop: options.stop,
    reportId: options.reportId,
    extra: {
      ...(options.target !== undefined && { target: options.target }),
      session: result.report.session ?? null,
      requests: result.report.requests,
      totals: result.report.totals,
      unmatched: result.report.unmatched,
    },
  });
}
