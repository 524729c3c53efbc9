import type { ContractReport } from './runContract.ts';
import { renderSetupSummary } from './renderSetupProblem.ts';
import { summarizeChecks } from './summarizeChecks.ts';

/**
 * The readable report for a terminal: every failed case with its checks, the operation, a one-line reason and a
 * curl that reproduces it; then scenario verdicts, a tally per check and the result line.
 */
export function renderSummary(report: ContractReport): string {
  if (report.setupProblem) return renderSetupSummary(report, report.setupProblem);
  const lines: string[] = [];
  const { spec } = report;
  lines.push(`mockgram contract: ${spec.title || spec.name} (OpenAPI ${spec.version}, ${spec.source})`);
  lines.push(
    `target ${report.target} | seed ${report.seed}${report.safe ? ' | safe' : ''}${report.stateless ? ' | stateless' : ''} | ${report.cases.length} cases in ${report.durationMs} ms`,
  );

  const failed = report.cases.filter((c) => !c.passed);
  for (const result of failed) {
    lines.push(
      '',
      `FAIL ${result.case.operation.id} ${result.case.name} (${result.case.kind}: ${result.case.description})`,
    );
    for (const outcome of result.outcomes.filter((o) => !o.passed))
      lines.push(`  ${outcome.check}: ${outcome.reason ?? ''}`);
    lines.push(`  ${result.curl}`);
  }

  if (report.scenarios.length > 0) {
    const count = (verdict: string): number => report.scenarios.filter((s) => s.verdict === verdict).length;
    lines.push(
      '',
      `Scenarios: ${count('verified')} verified, ${count('drifted')} drifted, ${count('unverifiable')} unverifiable`,
    );
    for (const scenario of report.scenarios) {
      lines.push(
        `  ${scenario.verdict.toUpperCase()} ${scenario.probe.operationId} ${scenario.probe.scenario}: ${scenario.reason}`,
      );
      if (scenario.verdict === 'drifted' && scenario.curl !== undefined) lines.push(`    ${scenario.curl}`);
    }
  }

  const tallies = summarizeChecks(report.cases).filter((t) => t.passed + t.failed.length > 0);
  lines.push(
    '',
    `Checks: ${tallies.map((t) => `${t.check} ${t.passed}/${t.passed + t.failed.length}`).join(', ')}`,
  );
  for (const note of report.notes) lines.push(`Note: ${note}`);
  const drifted = report.scenarios.filter((s) => s.verdict === 'drifted').length;
  if (report.passed) {
    lines.push(`PASSED: ${report.cases.length} cases, every check held`);
  } else {
    const failures = failed.reduce((n, c) => n + c.outcomes.filter((o) => !o.passed).length, 0);
    const parts = [
      failed.length > 0
        ? `${plural(failures, 'failed check')} in ${failed.length} of ${report.cases.length} cases`
        : '',
      drifted > 0 ? plural(drifted, 'drifted scenario') : '',
    ].filter((p) => p !== '');
    lines.push(`FAILED: ${parts.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
