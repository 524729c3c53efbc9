import { ctrfDocument, type CtrfDocument, type CtrfTest } from '../report/ctrfDocument.ts';
import { driftCases } from './driftCases.ts';
import type { DriftReport } from './driftTypes.ts';

/** The Common Test Report Format document `mockgram proxy --ctrf` writes (test/schemas/ctrf.schema.json). */
export type DriftCtrfReport = CtrfDocument<{
  readonly upstreams: readonly string[];
  readonly exchanges: number;
  readonly dropped: DriftReport['dropped'];
}>;

export interface DriftCtrfOptions {
  readonly upstreams?: readonly string[] | undefined;
  /** When the proxy started and the report was written, in epoch milliseconds (default: now). */
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  readonly reportId?: string | undefined;
}

/** CTRF JSON with the same cases as the JUnit report; each case's violations in `trace`, warnings in `extra`. */
export function renderDriftCtrf(report: DriftReport, options: DriftCtrfOptions = {}): DriftCtrfReport {
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
  return ctrfDocument({
    generatedBy: 'mockgram proxy',
    tests,
    suites: new Set(cases.map((c) => c.suite.join(' '))).size,
    start: options.start,
    stop: options.stop,
    reportId: options.reportId,
    extra: { upstreams: options.upstreams ?? [], exchanges: report.exchanges, dropped: report.dropped },
  });
}
