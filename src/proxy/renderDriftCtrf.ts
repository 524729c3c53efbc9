import { driftCases } from './driftCases.ts';
import type { DriftReport } from './driftTypes.ts';

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

interface CtrfTest {
  readonly name: string;
  readonly status: Status;
  readonly duration: number;
  readonly suite: readonly string[];
  readonly message?: string;
  readonly trace?: string;
  readonly type: string;
  readonly tags: readonly string[];
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The Common Test Report Format document `mockgram proxy --ctrf` writes (test/schemas/ctrf.schema.json). */
export interface DriftCtrfReport {
  readonly reportFormat: 'CTRF';
  readonly specVersion: string;
  readonly reportId: string;
  readonly timestamp: string;
  readonly generatedBy: string;
  readonly results: {
    readonly tool: { readonly name: string };
    readonly summary: Readonly<Record<Status | 'tests' | 'suites' | 'start' | 'stop', number>>;
    readonly tests: readonly CtrfTest[];
    readonly extra: {
      readonly upstreams: readonly string[];
      readonly exchanges: number;
      readonly dropped: DriftReport['dropped'];
    };
  };
}

export interface DriftCtrfOptions {
  readonly upstreams?: readonly string[] | undefined;
  /** When the proxy started and the report was written, in epoch milliseconds (default: now). */
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  readonly reportId?: string | undefined;
}

/** CTRF JSON with the same cases as the JUnit report; each case's violations in `trace`, warnings in `extra`. */
export function renderDriftCtrf(report: DriftReport, options: DriftCtrfOptions = {}): DriftCtrfReport {
  const stop = options.stop ?? Date.now();
  const start = options.start ?? stop;
  const cases = driftCases(report);
  const tests: CtrfTest[] = cases.map((item) => ({
    name: `${item.suite.join(' ')} ${item.name}`,
    status: item.outcome,
    duration: 0,
    suite: item.suite,
    ...(item.message !== undefined && { message: item.message }),
    ...(item.details.length > 0 && { trace: item.details.join('\n') }),
    type: 'drift',
    tags: [item.suite[0] === 'undocumented' ? 'undocumented' : (item.name.split(' ')[0] ?? '')],
    extra: { warnings: item.warnings },
  }));
  const count = (status: Status): number => tests.filter((test) => test.status === status).length;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    reportId: options.reportId ?? crypto.randomUUID(),
    timestamp: new Date(stop).toISOString(),
    generatedBy: 'mockgram proxy',
    results: {
      tool: { name: 'mockgram' },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        suites: new Set(cases.map((c) => c.suite.join(' '))).size,
        start,
        stop,
      },
      tests,
      extra: { upstreams: options.upstreams ?? [], exchanges: report.exchanges, dropped: report.dropped },
    },
  };
}
