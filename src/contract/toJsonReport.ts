import type { ContractReport } from './runContract.ts';
import { summarizeChecks } from './summarizeChecks.ts';
import type { CaseKind, CheckOutcome, Expectation, HeaderLine } from './types.ts';

const MAX_BODY_CHARS = 10_000;

export interface JsonCase {
  readonly id: string;
  readonly operationId: string;
  readonly kind: CaseKind;
  readonly name: string;
  readonly description: string;
  readonly expect: Expectation;
  /** Why the case's expectation rests on an assumption, when it does. */
  readonly assumption: string | null;
  readonly passed: boolean;
  /** A check failed on an assumption only: a warning. */
  readonly warned: boolean;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: readonly HeaderLine[];
    readonly body: string | null;
  };
  readonly curl: string;
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly durationMs: number;
  } | null;
  readonly error: string | null;
  readonly checks: readonly CheckOutcome[];
}

export interface JsonReport {
  readonly tool: 'mockgram contract';
  readonly spec: ContractReport['spec'];
  readonly target: string;
  readonly seed: number;
  readonly safe: boolean;
  readonly stateless: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly passed: boolean;
  readonly strictAssumptions: boolean;
  readonly summary: {
    readonly cases: number;
    readonly passedCases: number;
    readonly failedCases: number;
    /** Failed checks and drifted scenarios resting only on assumptions (not failures unless strict). */
    readonly warnings: number;
    readonly checks: Readonly<
      Record<string, { readonly passed: number; readonly failed: number; readonly warned: number }>
    >;
    readonly scenarios: {
      readonly verified: number;
      readonly drifted: number;
      readonly unverifiable: number;
    };
  };
  readonly operations: ContractReport['operations'];
  readonly cases: readonly JsonCase[];
  readonly scenarios: readonly {
    readonly operationId: string;
    readonly scenario: string;
    readonly expectedStatus: number;
    readonly verdict: string;
    readonly reason: string;
    readonly assumption: string | null;
    readonly status: number | null;
    readonly curl: string | null;
  }[];
  readonly notes: readonly string[];
}

/** The report as plain JSON data (for `--json`): every case with its request, curl, answer and checks. */
export function toJsonReport(report: ContractReport): JsonReport {
  const verdicts = (verdict: string): number => report.scenarios.filter((s) => s.verdict === verdict).length;
  const passedCases = report.cases.filter((c) => c.passed).length;
  return {
    tool: 'mockgram contract',
    spec: report.spec,
    target: report.target,
    seed: report.seed,
    safe: report.safe,
    stateless: report.stateless,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    passed: report.passed,
    strictAssumptions: report.strictAssumptions,
    summary: {
      cases: report.cases.length,
      passedCases,
      failedCases: report.cases.length - passedCases,
      warnings: report.warnings,
      checks: Object.fromEntries(
        summarizeChecks(report.cases, report.strictAssumptions).map((t) => [
          t.check,
          { passed: t.passed, failed: t.failed.length, warned: t.warned.length },
        ]),
      ),
      scenarios: {
        verified: verdicts('verified'),
        drifted: verdicts('drifted'),
        unverifiable: verdicts('unverifiable'),
      },
    },
    operations: report.operations,
    cases: report.cases.map((result) => ({
      id: result.case.id,
      operationId: result.case.operation.id,
      kind: result.case.kind,
      name: result.case.name,
      description: result.case.description,
      expect: result.case.expect,
      assumption: result.case.assumption ?? null,
      passed: result.passed,
      warned: result.warned,
      request: { ...result.case.request, body: result.case.request.body ?? null },
      curl: result.curl,
      response: result.response
        ? {
            status: result.response.status,
            headers: result.response.headers,
            body: result.response.text.slice(0, MAX_BODY_CHARS),
            durationMs: result.response.durationMs,
          }
        : null,
      error: result.error ?? null,
      checks: result.outcomes,
    })),
    scenarios: report.scenarios.map((s) => ({
      operationId: s.probe.operationId,
      scenario: s.probe.scenario,
      expectedStatus: s.probe.expectedStatus,
      verdict: s.verdict,
      reason: s.reason,
      assumption: s.assumption ?? null,
      status: s.response?.status ?? null,
      curl: s.curl ?? null,
    })),
    notes: report.notes,
  };
}
