import type { SetupProblem } from './detectSetupProblem.ts';
import type { ContractReport } from './runContract.ts';

/**
 * The terminal report of a run stopped by a set-up problem: what is probably wrong and what to do, instead of a
 * failure block per case blaming the contract for answers that say nothing about it.
 */
export function renderSetupSummary(report: ContractReport, problem: SetupProblem): string {
  const { spec } = report;
  return [
    `mockgram contract: ${spec.title || spec.name} (OpenAPI ${spec.version}, ${spec.source})`,
    `target ${report.target} | seed ${report.seed}${report.safe ? ' | safe' : ''} | ${report.cases.length} ${report.cases.length === 1 ? 'case' : 'cases'} in ${report.durationMs} ms`,
    '',
    `SET-UP PROBLEM, not a contract failure: ${problem.cause}`,
    `  seen: ${problem.seen}`,
    `  do:   ${problem.advice}`,
    '',
    'No answer was judged against the contract: fix the set-up and run again.',
    '',
  ].join('\n');
}

/** JUnit XML for such a run: one failed `set-up` test case, so CI shows the set-up problem and not 25 failures. */
export function renderSetupJunit(report: ContractReport, problem: SetupProblem): string {
  const name = report.spec.name;
  const time = (report.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`mockgram contract ${name}`)}" tests="1" failures="1" errors="0" skipped="0" time="${time}">`,
    `  <testsuite name="${xml(`${name} set-up`)}" tests="1" failures="1" errors="0" skipped="0" time="${time}" timestamp="${xml(report.startedAt)}">`,
    '    <properties>',
    `      <property name="target" value="${xml(report.target)}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    '    </properties>',
    `    <testcase classname="${xml(`${name}.set-up`)}" name="${problem.kind}" time="${time}">`,
    `      <failure message="${xml(problem.cause)}" type="set-up">${xml(`seen: ${problem.seen}\ndo: ${problem.advice}`, false)}</failure>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escapes text for XML 1.0; characters it cannot hold at all become U+FFFD. */
function xml(value: string, attribute = true): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff;
    out += forbidden ? '\ufffd' : char;
  }
  const escaped = out.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return attribute ? escaped.replaceAll('"', '&quot;').replaceAll('\n', '&#10;') : escaped;
}
