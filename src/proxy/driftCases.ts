import type { DriftReport, DriftSide, DriftViolation } from './driftTypes.ts';

/** One line of a drift report for CI: a side of an operation, or the undocumented requests. */
export interface DriftCase {
  /** `[spec, operationId]`, or `['undocumented']`. */
  readonly suite: readonly string[];
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** One line: why it failed or was skipped. */
  readonly message?: string;
  /** Each violation (or request) on its own line. */
  readonly details: readonly string[];
  /** Problems resting only on assumptions, shown but never failing. */
  readonly warnings: readonly string[];
}

const SIDES: readonly DriftSide[] = ['request', 'response'];

/**
 * The drift report as test cases: per documented operation one case per side (`request matches the spec`, failed by
 * any request-side violation; `response matches the spec`), skipped when no exchange reached the operation; then one
 * case failed by any request that reached no documented operation.
 */
export function driftCases(report: DriftReport): DriftCase[] {
  const cases: DriftCase[] = [];
  for (const operation of report.operations) {
    for (const side of SIDES) {
      const mine = (list: readonly DriftViolation[]): DriftViolation[] =>
        list.filter(
          (v) => v.side === side && v.spec === operation.spec && v.operationId === operation.operationId,
        );
      const violations = mine(report.violations);
      const warnings = mine(report.warnings).flatMap(describeViolation);
      const counted = side === 'request' ? operation.requestViolations : operation.responseViolations;
      const base = {
        suite: [operation.spec, operation.operationId],
        name: `${side} matches the spec`,
        warnings,
      };
      if (operation.exchanges === 0) {
        cases.push({
          ...base,
          outcome: 'skipped',
          message: 'no exchange reached this operation',
          details: [],
        });
      } else if (counted === 0) {
        cases.push({ ...base, outcome: 'passed', details: [] });
      } else {
        cases.push({
          ...base,
          outcome: 'failed',
          message: `${counted} of ${operation.exchanges} exchanges broke the spec on the ${side} side (${blame(side)})`,
          details: violations.flatMap(describeViolation),
        });
      }
    }
  }
  const { undocumented } = report;
  const more = report.dropped.undocumented;
  cases.push({
    suite: ['undocumented'],
    name: 'every request reaches a documented operation',
    outcome: undocumented.length + more === 0 ? 'passed' : 'failed',
    ...(undocumented.length + more > 0 && {
      message: `${undocumented.length + more} requests reached no operation the specs document`,
    }),
    details: undocumented.map((u) => `${u.method} ${u.path} -> ${u.status}: ${u.reason}`),
    warnings: [],
  });
  return cases;
}

function blame(side: DriftSide): string {
  return side === 'request'
    ? 'the client sent what the spec forbids'
    : 'the API answered what the spec does not allow';
}

function describeViolation(violation: DriftViolation): string[] {
  return violation.problems.map(
    (p) => `${violation.method} ${violation.path} -> ${violation.status}: ${p.location}: ${p.message}`,
  );
}
