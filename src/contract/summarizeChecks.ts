import type { CaseResult, ContractReport } from './runContract.ts';
import { CHECKS, type CheckId } from './types.ts';

/** One check's outcome over the cases of one operation (or of the whole run). */
export interface CheckTally {
  readonly check: CheckId;
  readonly passed: number;
  readonly failed: readonly { readonly result: CaseResult; readonly reason: string }[];
  readonly durationMs: number;
}

/** Tallies per check, in the order of `CHECKS` (without `scenario`, which has its own results). */
export function summarizeChecks(cases: readonly CaseResult[]): CheckTally[] {
  return (Object.keys(CHECKS) as CheckId[])
    .filter((check) => check !== 'scenario')
    .map((check) => {
      let passed = 0;
      let durationMs = 0;
      const failed: { result: CaseResult; reason: string }[] = [];
      for (const result of cases) {
        const outcome = result.outcomes.find((o) => o.check === check);
        if (!outcome) continue;
        durationMs += result.response?.durationMs ?? 0;
        if (outcome.passed) passed++;
        else failed.push({ result, reason: outcome.reason ?? '' });
      }
      return { check, passed, failed, durationMs };
    });
}

/** Operation ids in report order, each with its cases. */
export function casesByOperation(report: ContractReport): Map<string, CaseResult[]> {
  const out = new Map<string, CaseResult[]>(report.operations.map((o) => [o.id, []]));
  for (const result of report.cases) out.get(result.case.operation.id)?.push(result);
  return out;
}
