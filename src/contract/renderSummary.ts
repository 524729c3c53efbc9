import type { ContractReport } from './runContract.ts';
import { renderSetupSummary } from './renderSetupProblem.ts';
import { summarizeChecks } from './summarizeChecks.ts';
import { outcomeState } from './types.ts';

/**
 * The readable report for a terminal: every failed case with its checks, the operation, a one-line reason and a
 * curl that reproduces it; then the warnings (checks that failed on an assumption only), scenario verdicts, a tally
 * per check and the result line.
 */
export function renderSummary(report: ContractReport): string {
  if (report.setupProblem) return renderSetupSummary(report, report.setupProblem);
  const lines: string[] = [];
  const { spec } = report;
  const strict = report.strictAssumptions;
  lines.push(`mockgram contract: ${spec.title || spec.name} (OpenAPI ${spec.version}, ${spec.source})`);
  lines.push(
    `target ${report.target} | seed ${report.seed}${report.safe ? ' | safe' : ''}${report.stateless ? ' | stateless' : ''}${strict ? ' | strict assumptions' : ''} | ${report.cases.length} cases in ${report.durationMs} ms`,
  );

  const failed = report.cases.filter((c) => !c.passed);
  for (const result of failed) {
    lines.push(
      '',
      `FAIL ${result.case.operation.id} ${result.case.name} (${result.case.kind}: ${result.case.description})`,
    );
    for (const outcome of result.outcomes.filter((o) => outcomeState(o, strict) === 'failed')) {
      lines.push(`  ${outcome.check}: ${outcome.reason ?? ''}`);
      if (outcome.assumption !== undefined) lines.push(`    assumed: ${outcome.assumption}`);
    }
    lines.push(`  ${result.curl}`);
  }
  for (const result of report.cases.filter((c) => c.warned)) {
    lines.push(
      '',
      `WARN ${result.case.operation.id} ${result.case.name} (${result.case.kind}: ${result.case.description})`,
    );
    for (const outcome of result.outcomes.filter((o) => outcomeState(o, strict) === 'warned'))
      lines.push(`  ${outcome.check}: ${outcome.reason ?? ''}`, `    assumed: ${outcome.assumption ?? ''}`);
    lines.push(`  ${result.curl}`);
  }

  if (report.scenarios.length > 0) {
    const count = (verdict: string): number => report.scenarios.filter((s) => s.verdict === verdict).length;
    lines.push(
      '',
      `Scenarios: ${count('verified')} verified, ${count('drifted')} drifted, ${count('unverifiable')} unverifiable`,
    );
    for (const scenario of report.scenarios) {
      const warning = scenario.verdict === 'drifted' && scenario.assumption !== undefined && !strict;
      lines.push(
        `  ${scenario.verdict.toUpperCase()}${warning ? ' (warning)' : ''} ${scenario.probe.operationId} ${scenario.probe.scenario}: ${scenario.reason}`,
      );
      if (scenario.verdict === 'drifted' && scenario.assumption !== undefined)
        lines.push(`    assumed: ${scenario.assumption}`);
      if (scenario.verdict === 'drifted' && scenario.curl !== undefined) lines.push(`    ${scenario.curl}`);
    }
  }

  const tallies = summarizeChecks(report.cases, strict).filter(
    (t) => t.passed + t.failed.length + t.warned.length > 0,
  );
  const tally = (t: (typeof tallies)[number]): string => {
    const total = t.passed + t.failed.length + t.warned.length;
    return `${t.check} ${t.passed}/${total}${t.warned.length > 0 ? ` (${t.warned.length} warned)` : ''}`;
  };
  lines.push('', `Checks: ${tallies.map(tally).join(', ')}`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  const drifted = report.scenarios.filter(
    (s) => s.verdict === 'drifted' && (strict || s.assumption === undefined),
  ).length;
  const warnings =
    report.warnings > 0
      ? `; ${plural(report.warnings, 'warning')}: expectations that rest only on assumptions (x-assumed in the spec, or HTTP conventions it does not state); --strict-assumptions makes them failures`
      : '';
  if (report.passed) {
    lines.push(`PASSED: ${report.cases.length} cases, every check held${warnings}`);
  } else {
    const failures = failed.reduce(
      (n, c) => n + c.outcomes.filter((o) => outcomeState(o, strict) === 'failed').length,
      0,
    );
    const parts = [
      failed.length > 0
        ? `${plural(failures, 'failed check')} in ${failed.length} of ${report.cases.length} cases`
        : '',
      drifted > 0 ? plural(drifted, 'drifted scenario') : '',
    ].filter((p) => p !== '');
    lines.push(`FAILED: ${parts.join(', ')}${warnings}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
