import { describeSession, describeUnmatched } from './describeCoverage.ts';
import { formatPercent, type CoverageGateResult } from './evaluateCoverage.ts';

/**
 * The coverage as a terminal table: per operation its hits, statuses and scenarios covered/total and the ones never
 * exercised; the requests the mock refused itself; totals with percentages; each threshold's verdict.
 */
export function renderCoverageTable(
  result: CoverageGateResult,
  options: { readonly target?: string | undefined } = {},
): string {
  const { report } = result;
  const lines: string[] = [
    `Coverage${options.target === undefined ? '' : ` of ${options.target}`}, ${describeSession(report.session)}: ${String(report.requests)} ${report.requests === 1 ? 'request' : 'requests'}`,
    '',
  ];
  const rows = report.operations.map((operation) => {
    const statuses = Object.entries(operation.statuses);
    const scenarios = Object.entries(operation.scenarios);
    const used = (entries: [string, number][]): number => entries.filter(([, hits]) => hits > 0).length;
    return {
      cells: [
        String(operation.hits),
        `${String(used(statuses))}/${String(statuses.length)}`,
        `${String(used(scenarios))}/${String(scenarios.length)}`,
        `${operation.spec} ${operation.operationId} (${operation.method} ${operation.path})`,
      ],
      unusedStatuses: statuses.filter(([, hits]) => hits === 0).map(([status]) => status),
      unusedScenarios: scenarios.filter(([, hits]) => hits === 0).map(([name]) => name),
    };
  });
  const header = ['hits', 'statuses', 'scenarios', 'operation'];
  const widths = [0, 1, 2].map((column) =>
    Math.max(header[column]?.length ?? 0, ...rows.map((row) => row.cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, column) => (column < 3 ? cell.padStart(widths[column] ?? 0) : cell)).join('  ')}`;
  const indent = ' '.repeat(2 + widths.reduce((sum, width) => sum + width + 2, 0));
  lines.push(line(header));
  for (const row of rows) {
    lines.push(line(row.cells));
    if (row.unusedStatuses.length > 0)
      lines.push(`${indent}statuses never answered: ${row.unusedStatuses.join(', ')}`);
    if (row.unusedScenarios.length > 0)
      lines.push(`${indent}scenarios never used: ${row.unusedScenarios.join(', ')}`);
  }
  if (report.operations.length === 0) lines.push('  (no operations)');

  lines.push('');
  if (report.unmatched.length === 0) lines.push('Unmatched requests: none');
  else {
    lines.push('Unmatched requests (no route, or refused by validation):');
    for (const entry of describeUnmatched(report.unmatched)) lines.push(`  ${entry}`);
  }

  const { operations, statuses, scenarios } = report.totals;
  const total = (name: string, { covered, total: all }: { covered: number; total: number }): string =>
    `${name} ${String(covered)}/${String(all)} (${formatPercent(covered, all)})`;
  lines.push(
    '',
    `Totals: ${total('operations', operations)}, ${total('statuses', statuses)}, ${total('scenarios', scenarios)}`,
  );
  if (result.verdicts.length > 0) {
    lines.push('', 'Thresholds:');
    for (const verdict of result.verdicts)
      lines.push(`  ${verdict.met ? 'ok    ' : 'FAILED'} ${verdict.message}`);
  }
  return `${lines.join('\n')}\n`;
}
