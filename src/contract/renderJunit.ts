import { renderSetupJunit } from './renderSetupProblem.ts';
import type { ContractReport, ScenarioResult } from './runContract.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../xml/escapeXml.ts';
import { casesByOperation, summarizeChecks, type CheckTally } from './summarizeChecks.ts';
import { STATEFUL_CHECKS } from './types.ts';

/**
 * JUnit XML: one `<testsuite>` per operation, one `<testcase>` per check (failed when any case of that operation
 * broke it, skipped when no case applied; a stateful check only where it ran), plus one per replayed scenario.
 * Checks that failed only on an assumption (warnings) get their own `<check> (assumed)` test case, skipped with the
 * warnings as its message: visible in CI, never a failure (with strict assumptions they are failures of the check
 * itself). The Jenkins/Ant format, checked against test/schemas/junit.xsd: skipped counts belong to each
 * `<testsuite>`, not to `<testsuites>`.
 */
export function renderJunit(report: ContractReport): string {
  if (report.setupProblem) return renderSetupJunit(report, report.setupProblem);
  const byOperation = casesByOperation(report);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [operationId, cases] of byOperation) {
    const testcases: string[] = [];
    const classname = `${report.spec.name}.${operationId}`;
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const tally of summarizeChecks(cases, report.strictAssumptions)) {
      const ran = tally.passed + tally.failed.length + tally.warned.length;
      if (ran === 0 && STATEFUL_CHECKS.includes(tally.check)) continue;
      if (ran === 0) suiteSkipped++;
      if (tally.failed.length > 0) suiteFailures++;
      testcases.push(checkTestcase(classname, tally));
      if (tally.warned.length > 0) {
        suiteSkipped++;
        testcases.push(warningTestcase(classname, tally));
      }
    }
    const scenarios = report.scenarios.filter((s) => s.probe.operationId === operationId);
    for (const scenario of scenarios) {
      const warning = isScenarioWarning(scenario, report.strictAssumptions);
      if (scenario.verdict === 'drifted' && !warning) suiteFailures++;
      if (scenario.verdict === 'unverifiable' || warning) suiteSkipped++;
      testcases.push(scenarioTestcase(classname, scenario, warning));
    }
    tests += testcases.length;
    failures += suiteFailures;
    const time = seconds(cases.reduce((sum, c) => sum + (c.response?.durationMs ?? 0), 0));
    suites.push(
      [
        `  <testsuite name="${attr(`${report.spec.name} ${operationId}`)}" tests="${testcases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="${time}" timestamp="${attr(report.startedAt)}">`,
        '    <properties>',
        `      <property name="target" value="${attr(report.target)}"/>`,
        `      <property name="seed" value="${report.seed}"/>`,
        `      <property name="cases" value="${cases.length}"/>`,
        '    </properties>',
        ...testcases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`mockgram contract ${report.spec.name}`)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function checkTestcase(classname: string, tally: CheckTally): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(tally.check)}" time="${seconds(tally.durationMs)}"`;
  const ran = tally.passed + tally.failed.length + tally.warned.length;
  if (ran === 0)
    return `${open}>\n      <skipped message="no case of this operation applies"/>\n    </testcase>`;
  if (tally.failed.length === 0) return `${open}/>`;
  const message = `${tally.failed.length} of ${ran} cases failed: ${tally.failed[0]?.reason ?? ''}`;
  const details = tally.failed
    .map(({ result, reason }) => `${result.case.name}: ${reason}\n  ${result.curl}`)
    .join('\n');
  return `${open}>\n      <failure message="${attr(message)}" type="${attr(tally.check)}">${text(details)}</failure>\n    </testcase>`;
}

function warningTestcase(classname: string, tally: CheckTally): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(`${tally.check} (assumed)`)}" time="0.000"`;
  const [first] = tally.warned;
  const message = `warning: ${tally.warned.length} case(s) failed ${tally.check} on an assumption only: ${first?.reason ?? ''} (assumed: ${first?.assumption ?? ''})`;
  const details = tally.warned
    .map(
      ({ result, reason, assumption }) =>
        `${result.case.name}: ${reason}\n  assumed: ${assumption ?? ''}\n  ${result.curl}`,
    )
    .join('\n');
  return `${open}>\n      <skipped message="${attr(message)}"/>\n      <system-out>${text(details)}</system-out>\n    </testcase>`;
}

function isScenarioWarning(scenario: ScenarioResult, strict: boolean): boolean {
  return scenario.verdict === 'drifted' && scenario.assumption !== undefined && !strict;
}

function scenarioTestcase(classname: string, scenario: ScenarioResult, warning: boolean): string {
  const time = seconds(scenario.response?.durationMs ?? 0);
  const open = `    <testcase classname="${attr(classname)}" name="${attr(`scenario ${scenario.probe.scenario}`)}" time="${time}"`;
  if (scenario.verdict === 'verified') return `${open}/>`;
  if (warning)
    return `${open}>\n      <skipped message="${attr(`warning: drifted on an assumption: ${scenario.reason} (assumed: ${scenario.assumption ?? ''})`)}"/>\n    </testcase>`;
  if (scenario.verdict === 'unverifiable')
    return `${open}>\n      <skipped message="${attr(`unverifiable: ${scenario.reason}`)}"/>\n    </testcase>`;
  const details = `${scenario.reason}${scenario.curl === undefined ? '' : `\n  ${scenario.curl}`}`;
  return `${open}>\n      <failure message="${attr(`drifted: ${scenario.reason}`)}" type="scenario">${text(details)}</failure>\n    </testcase>`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
