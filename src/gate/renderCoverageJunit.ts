import { escapeXmlAttribute as attr, escapeXmlText as text } from '../xml/escapeXml.ts';
import type { CoverageGateResult, CoverageItem } from './evaluateCoverage.ts';
import { describeSession, describeUnmatched } from './describeCoverage.ts';

export interface CoverageReportOptions {
  /** The mock the coverage was read from, for the report's properties. */
  readonly target?: string | undefined;
  /** When the coverage was read (default: now). */
  readonly timestamp?: Date | undefined;
}

/**
 * JUnit XML (the Jenkins/Ant format; test/schemas/junit.xsd): a `<testsuite>` per operation with a `<testcase>` for
 * being called, for each documented status and for each scenario, passed when exercised, failed when not and its
 * threshold is not met, else skipped; a `thresholds` suite with a case per threshold given; unmatched requests listed
 * in the `<system-out>` of an `unmatched requests` suite.
 */
export function renderCoverageJunit(result: CoverageGateResult, options: CoverageReportOptions = {}): string {
  const timestamp = (options.timestamp ?? new Date()).toISOString();
  const properties = [
    ...(options.target === undefined ? [] : [['target', options.target] as const]),
    ['session', describeSession(result.report.session)] as const,
    ['requests', String(result.report.requests)] as const,
  ];
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  const suite = (
    name: string,
    cases: readonly string[],
    counts: { failures: number; skipped: number },
    extra: readonly (readonly [string, string])[],
    systemOut?: string,
  ): void => {
    tests += cases.length;
    failures += counts.failures;
    suites.push(
      [
        `  <testsuite name="${attr(name)}" tests="${String(cases.length)}" failures="${String(counts.failures)}" errors="0" skipped="${String(counts.skipped)}" time="0.000" timestamp="${timestamp}">`,
        '    <properties>',
        ...[...properties, ...extra].map(
          ([key, value]) => `      <property name="${attr(key)}" value="${attr(value)}"/>`,
        ),
        '    </properties>',
        ...cases,
        ...(systemOut === undefined ? [] : [`    <system-out>${text(systemOut)}</system-out>`]),
        '  </testsuite>',
      ].join('\n'),
    );
  };

  for (const operation of result.report.operations) {
    const items = result.items.filter((item) => item.operation === operation);
    const classname = `mockgram.coverage.${operation.spec}.${operation.operationId}`;
    suite(
      `${operation.spec} ${operation.operationId}`,
      items.map((item) => itemTestcase(classname, item)),
      {
        failures: items.filter((item) => item.outcome === 'failed').length,
        skipped: items.filter((item) => item.outcome === 'skipped').length,
      },
      [
        ['method', operation.method],
        ['path', operation.path],
        ['hits', String(operation.hits)],
      ],
    );
  }
  if (result.verdicts.length > 0) {
    const unmatched = describeUnmatched(result.report.unmatched);
    suite(
      'thresholds',
      result.verdicts.map((verdict) => {
        const open = `    <testcase classname="mockgram.coverage.thresholds" name="${attr(verdict.option)}" time="0.000"`;
        if (verdict.met) return `${open}/>`;
        const details = verdict.check === 'unmatched' ? unmatched.join('\n') : verdict.message;
        return `${open}>\n      <failure message="${attr(verdict.message)}" type="coverage.${verdict.check}">${text(details)}</failure>\n    </testcase>`;
      }),
      { failures: result.verdicts.filter((v) => !v.met).length, skipped: 0 },
      [],
    );
  }
  if (result.report.unmatched.length > 0)
    suite(
      'unmatched requests',
      [],
      { failures: 0, skipped: 0 },
      [],
      describeUnmatched(result.report.unmatched).join('\n'),
    );

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mockgram coverage" tests="${String(tests)}" failures="${String(failures)}" errors="0" time="0.000">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function itemTestcase(classname: string, item: CoverageItem): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(item.name)}" time="0.000"`;
  if (item.outcome === 'passed') return `${open}/>`;
  const message = attr(item.message ?? '');
  if (item.outcome === 'skipped') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  return `${open}>\n      <failure message="${message}" type="coverage.${item.kind}">${text(`${item.operation.method} ${item.operation.path}: ${item.name} ${item.message ?? ''}`)}</failure>\n    </testcase>`;
}
