import type { CoverageTotals, UnmatchedRequest } from '../coverage/createCoverage.ts';
import type { CoverageGateResult } from './evaluateCoverage.ts';

export type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export interface CtrfTest {
  readonly name: string;
  readonly status: CtrfStatus;
  readonly duration: number;
  readonly suite: readonly string[];
  readonly message?: string;
  readonly type: string;
  readonly tags: readonly string[];
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The Common Test Report Format document the gate writes (the fields it uses; test/schemas/ctrf.schema.json). */
export interface CtrfReport {
  readonly reportFormat: 'CTRF';
  readonly specVersion: string;
  readonly reportId: string;
  readonly timestamp: string;
  readonly generatedBy: string;
  readonly results: {
    readonly tool: { readonly name: string };
    readonly summary: {
      readonly tests: number;
      readonly passed: number;
      readonly failed: number;
      readonly skipped: number;
      readonly pending: number;
      readonly other: number;
      readonly suites: number;
      readonly start: number;
      readonly stop: number;
    };
    readonly tests: readonly CtrfTest[];
    readonly extra: {
      readonly target?: string;
      readonly session: string | null;
      readonly requests: number;
      readonly totals: Readonly<Record<'operations' | 'statuses' | 'scenarios', CoverageTotals>>;
      readonly unmatched: readonly UnmatchedRequest[];
    };
  };
}

export interface CtrfOptions {
  readonly target?: string | undefined;
  /** When reading the coverage started and ended, in epoch milliseconds (default: now). */
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  /** A UUID for the document (default: a random one). */
  readonly reportId?: string | undefined;
}

/** The version of the CTRF specification the report follows. */
export const CTRF_SPEC_VERSION = '0.0.0';

/**
 * CTRF JSON with the same tests as the JUnit report: per operation `called`, each documented status and each scenario
 * (suite `[spec, operationId]`, status passed/failed/skipped as `evaluateCoverage` judged it), then one test per
 * threshold given (suite `["thresholds"]`). Duration is 0: coverage is counted, not timed. `results.extra` carries the
 * totals and the unmatched requests.
 */
export function renderCoverageCtrf(result: CoverageGateResult, options: CtrfOptions = {}): CtrfReport {
  const stop = options.stop ?? Date.now();
  const start = options.start ?? stop;
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
  const count = (status: CtrfStatus): number => tests.filter((test) => test.status === status).length;
  return {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    reportId: options.reportId ?? crypto.randomUUID(),
    timestamp: new Date(stop).toISOString(),
    generatedBy: 'mockgram coverage',
    results: {
      tool: { name: 'mockgram' },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        suites: result.report.operations.length + (result.verdicts.length > 0 ? 1 : 0),
        start,
        stop,
      },
      tests,
      extra: {
        ...(options.target !== undefined && { target: options.target }),
        session: result.report.session ?? null,
        requests: result.report.requests,
        totals: result.report.totals,
        unmatched: result.report.unmatched,
      },
    },
  };
}
