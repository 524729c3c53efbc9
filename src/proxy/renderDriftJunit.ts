import { escapeXmlAttribute as attr, escapeXmlText as text } from '../xml/escapeXml.ts';
import { driftCases, type DriftCase } from './driftCases.ts';
import type { DriftReport } from './driftTypes.ts';

export interface DriftJunitOptions {
  /** The upstreams, for the report's properties. */
  readonly upstreams?: readonly string[] | undefined;
  /** When the report was written (default: now). */
  readonly timestamp?: Date | undefined;
}

/**
 * JUnit XML (the Jenkins/Ant format; test/schemas/junit.xsd): a `<testsuite>` per operation with a `request` and a
 * `response` case (see `driftCases`), warnings in its `<system-out>`; an `undocumented` suite last.
 */
export function renderDriftJunit(report: DriftReport, options: DriftJunitOptions = {}): string {
  const timestamp = (options.timestamp ?? new Date()).toISOString();
  const properties = [
    ...(options.upstreams ?? []).map((upstream) => ['upstream', upstream] as const),
    ['exchanges', String(report.exchanges)] as const,
  ];
  const bySuite = new Map<string, DriftCase[]>();
  for (const item of driftCases(report)) {
    const key = item.suite.join(' ');
    bySuite.set(key, [...(bySuite.get(key) ?? []), item]);
  }
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [name, cases] of bySuite) {
    const failed = cases.filter((c) => c.outcome === 'failed').length;
    const skipped = cases.filter((c) => c.outcome === 'skipped').length;
    tests += cases.length;
    failures += failed;
    const warnings = cases.flatMap((c) => c.warnings.map((w) => `warning (${c.name}): ${w}`));
    const classname = `mockgram.proxy.${cases[0]?.suite.join('.') ?? name}`;
    suites.push(
      [
        `  <testsuite name="${attr(name)}" tests="${String(cases.length)}" failures="${String(failed)}" errors="0" skipped="${String(skipped)}" time="0.000" timestamp="${timestamp}">`,
        '    <properties>',
        ...properties.map(([key, value]) => `      <property name="${attr(key)}" value="${attr(value)}"/>`),
        '    </properties>',
        ...cases.map((c) => testcase(classname, c)),
        ...(warnings.length === 0 ? [] : [`    <system-out>${text(warnings.join('\n'))}</system-out>`]),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mockgram proxy" tests="${String(tests)}" failures="${String(failures)}" errors="0" time="0.000">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(classname: string, item: DriftCase): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(item.name)}" time="0.000"`;
  if (item.outcome === 'passed') return `${open}/>`;
  const message = attr(item.message ?? '');
  if (item.outcome === 'skipped') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  return `${open}>\n      <failure message="${message}" type="drift">${text(item.details.join('\n'))}</failure>\n    </testcase>`;
}
