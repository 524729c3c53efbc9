import type { CaseResult, ContractReport } from './runContract.ts';
import { CHECKS, outcomeState, type CheckId } from './types.ts';

export interface TalliedOutcome {
  readonly result: CaseResult;
  readonly reason: string;
  /** For a warning: the assumption the expectation rests on. */
  readonly assumption?: string | undefined;
}

/** One check's outcome over the cases of one operation (or of the whole run). */
export interface CheckTally {
  readonly check: CheckId;
  readonly passed: number;
  readonly failed: readonly TalliedOutcome[];
  /** Failed only on an assumption (and assumptions are not strict): not counted as failures. */
  readonly warned: readonly TalliedOutcome[];
  readonly durationMs: number;
}

/**
 * Tallies per check, in the order of `CHECKS` (without `scenario`, which has its own results). With `strict`,
 * checks failed on an assumption count as failures.
 */
export function summarizeChecks(cases: readonly CaseResult[], strict = false): CheckTally[] {
  return (Object.keys(CHECKS) as CheckId[])
    .filter((check) => check !== 'scenario')
    .map((check) => {
      let passed = 0;
      let durationMs = 0;
      const failed: TalliedOutcome[] = [];
      const warned: TalliedOutcome[] = [];
      for (const result of cases) {
        const outcome = result.outcomes.find((o) => o.check === check);
        if (!outcome) continue;
        durationMs += result.response?.durationMs ?? 0;
        const state = outcomeState(outcome, strict);
        const tallied = { result, reason: outcome.reason ?? '', assumption: outcome.assumption };
        if (state === 'passed') passed++;
        else if (state === 'warned') warned.push(tallied);
        else failed.push(tallied);
      }
      return { check, passed, failed, warned, durationMs };
    });
}

/** Operation ids in report order, each with its cases. */
export function casesByOperation(report: ContractReport): Map<string, CaseResult[]> {
  const out = new Map<string, CaseResult[]>(report.operations.map((o) => [o.id, []]));
  for (const result of report.cases) out.get(result.case.operation.id)?.push(result);
  return out;
}
