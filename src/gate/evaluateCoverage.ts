import type { CoverageReport, OperationCoverage } from '../coverage/createCoverage.ts';

/** Minimum percentages (0-100) and the unmatched-request rule; a threshold left out is not checked. */
export interface CoverageThresholds {
  readonly minOperations?: number | undefined;
  readonly minStatuses?: number | undefined;
  readonly minScenarios?: number | undefined;
  /** Fail when any request hit no route or failed validation. */
  readonly failOnUnmatched?: boolean | undefined;
}

export type ThresholdCheck = 'operations' | 'statuses' | 'scenarios' | 'unmatched';

export interface ThresholdVerdict {
  readonly check: ThresholdCheck;
  /** The command-line spelling, e.g. `--min-statuses 60`. */
  readonly option: string;
  readonly met: boolean;
  /** One line, e.g. `--min-statuses 60 not met: 5 of 12 documented statuses answered (41.7%)`. */
  readonly message: string;
}

/** One thing coverage can tell was exercised or not: an operation called, a documented status, a scenario. */
export interface CoverageItem {
  readonly kind: 'operation' | 'status' | 'scenario';
  readonly operation: OperationCoverage;
  /** `called`, `status 200`, `scenario server-error`. */
  readonly name: string;
  readonly hits: number;
  /**
   * `passed` when exercised; when not, `failed` if the threshold for its kind is not met (so the report fails
   * exactly where the gate does), else `skipped`.
   */
  readonly outcome: 'passed' | 'failed' | 'skipped';
  readonly message: string | undefined;
}

export interface CoverageGateResult {
  readonly report: CoverageReport;
  readonly verdicts: readonly ThresholdVerdict[];
  readonly items: readonly CoverageItem[];
  /** Every threshold met. */
  readonly passed: boolean;
}

const KINDS = {
  operations: { option: '--min-operations', noun: 'operations called', item: 'operation' },
  statuses: { option: '--min-statuses', noun: 'documented statuses answered', item: 'status' },
  scenarios: { option: '--min-scenarios', noun: 'scenarios used', item: 'scenario' },
} as const;

/**
 * Judges a coverage report against thresholds: a verdict per threshold given, and every operation, documented status
 * and scenario as an item that passed (exercised), failed (not exercised, and its kind's threshold is not met) or was
 * skipped (not exercised, nothing requires it). An empty kind (no scenarios at all) counts as fully covered.
 */
export function evaluateCoverage(
  report: CoverageReport,
  thresholds: CoverageThresholds = {},
): CoverageGateResult {
  const verdicts: ThresholdVerdict[] = [];
  /** Item kind → the threshold it fails, for kinds whose threshold is not met. */
  const failing = new Map<CoverageItem['kind'], string>();
  const minimums = {
    operations: thresholds.minOperations,
    statuses: thresholds.minStatuses,
    scenarios: thresholds.minScenarios,
  };
  for (const check of ['operations', 'statuses', 'scenarios'] as const) {
    const minimum = minimums[check];
    if (minimum === undefined) continue;
    const { covered, total } = report.totals[check];
    const { option, noun, item } = KINDS[check];
    const met = covered * 100 >= minimum * total;
    if (!met) failing.set(item, `${option} ${String(minimum)}`);
    verdicts.push({
      check,
      option: `${option} ${String(minimum)}`,
      met,
      message: `${option} ${String(minimum)} ${met ? 'met' : 'not met'}: ${String(covered)} of ${String(total)} ${noun} (${formatPercent(covered, total)})`,
    });
  }
  if (thresholds.failOnUnmatched === true) {
    const count = report.unmatched.reduce((sum, entry) => sum + entry.hits, 0);
    verdicts.push({
      check: 'unmatched',
      option: '--fail-on-unmatched',
      met: count === 0,
      message:
        count === 0
          ? '--fail-on-unmatched met: no request was refused for no route or failed validation'
          : `--fail-on-unmatched not met: ${String(count)} ${count === 1 ? 'request' : 'requests'} refused for no route or failed validation`,
    });
  }

  const items: CoverageItem[] = [];
  const add = (
    kind: CoverageItem['kind'],
    operation: OperationCoverage,
    name: string,
    hits: number,
  ): void => {
    const threshold = failing.get(kind);
    const outcome = hits > 0 ? 'passed' : threshold === undefined ? 'skipped' : 'failed';
    items.push({
      kind,
      operation,
      name,
      hits,
      outcome,
      message:
        outcome === 'passed'
          ? undefined
          : `${kind === 'operation' ? 'never called' : kind === 'status' ? 'never answered' : 'never used'}${threshold === undefined ? '' : `; ${threshold} is not met`}`,
    });
  };
  for (const operation of report.operations) {
    add('operation', operation, 'called', operation.hits);
    for (const [status, hits] of Object.entries(operation.statuses))
      add('status', operation, `status ${status}`, hits);
    for (const [scenario, hits] of Object.entries(operation.scenarios))
      add('scenario', operation, `scenario ${scenario}`, hits);
  }
  return { report, verdicts, items, passed: verdicts.every((v) => v.met) };
}

/** `41.7%`; a kind with nothing in it is fully covered. */
export function formatPercent(covered: number, total: number): string {
  return `${total === 0 ? '100' : ((covered * 100) / total).toFixed(1).replace(/\.0$/, '')}%`;
}
