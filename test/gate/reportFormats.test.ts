import { describe, expect, it } from 'vitest';
import { evaluateCoverage } from '../../src/gate/evaluateCoverage.ts';
import { CTRF_SPEC_VERSION, renderCoverageCtrf } from '../../src/gate/renderCoverageCtrf.ts';
import { renderCoverageJunit } from '../../src/gate/renderCoverageJunit.ts';
import { parseXml, type XmlElement } from '../contract/parseXml.ts';
import { validateXml } from '../support/xmllint.ts';
import { ctrfValidator, REPORT } from './fixtures.ts';

const THRESHOLDS = { minOperations: 50, minStatuses: 60, failOnUnmatched: true } as const;
const TIMESTAMP = new Date('2026-05-04T10:20:30.456Z');

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** Each testcase of a suite as `name: passed|skipped|failed`. */
function verdicts(suite: XmlElement | undefined): string[] {
  return children(suite, 'testcase').map((testcase) => {
    const state =
      children(testcase, 'failure').length > 0
        ? 'failed'
        : children(testcase, 'skipped').length > 0
          ? 'skipped'
          : 'passed';
    return `${testcase.attributes['name'] ?? ''}: ${state}`;
  });
}

describe('renderCoverageJunit', () => {
  const xml = renderCoverageJunit(evaluateCoverage(REPORT, THRESHOLDS), {
    target: 'http://127.0.0.1:4010',
    timestamp: TIMESTAMP,
  });
  const root = parseXml(xml);
  const suites = children(root, 'testsuite');

  it('validates against the JUnit XML schema CI servers read (xmllint)', () => {
    expect(validateXml(xml)).toEqual({ valid: true, output: '- validates' });
  });

  it('has a suite per operation: called, each documented status, each scenario', () => {
    expect(suites.map((s) => s.attributes['name'])).toEqual([
      'shop createThing',
      'shop getThing',
      'thresholds',
      'unmatched requests',
    ]);
    expect(verdicts(suites[0])).toEqual([
      'called: passed',
      'status 200: passed',
      'status 400: passed',
      'status 500: failed',
      'scenario success: passed',
      'scenario server-error: skipped',
    ]);
    expect(verdicts(suites[1])).toEqual(['called: skipped', 'status 200: failed', 'status 404: failed']);
    expect(suites[0]?.attributes).toMatchObject({
      tests: '6',
      failures: '1',
      skipped: '1',
      errors: '0',
      timestamp: '2026-05-04T10:20:30.456Z',
    });
    expect(children(suites[0], 'testcase')[0]?.attributes['classname']).toBe(
      'mockgram.coverage.shop.createThing',
    );
    const properties = children(children(suites[0], 'properties')[0], 'property').map((p) => [
      p.attributes['name'],
      p.attributes['value'],
    ]);
    expect(properties).toEqual([
      ['target', 'http://127.0.0.1:4010'],
      ['session', 'session ci'],
      ['requests', '5'],
      ['method', 'POST'],
      ['path', '/things'],
      ['hits', '4'],
    ]);
  });

  it('says why an item failed, and adds a case per threshold with the unmatched requests', () => {
    const failure = children(children(suites[1], 'testcase')[1], 'failure')[0];
    expect(failure?.attributes).toEqual({
      message: 'never answered; --min-statuses 60 is not met',
      type: 'coverage.status',
    });
    expect(verdicts(suites[2])).toEqual([
      '--min-operations 50: passed',
      '--min-statuses 60: failed',
      '--fail-on-unmatched: failed',
    ]);
    const unmatched = children(children(suites[2], 'testcase')[2], 'failure')[0];
    expect(unmatched?.text).toBe('1× GET /nope → 404: no operation is documented at /nope');
    expect(children(suites[3], 'system-out')[0]?.text).toBe(unmatched?.text);
    expect(root.attributes).toEqual({
      name: 'mockgram coverage',
      tests: '12',
      failures: '5',
      errors: '0',
      time: '0.000',
    });
  });

  it('escapes paths and reasons and still validates', () => {
    const hostile = {
      ...REPORT,
      unmatched: [{ method: 'GET', path: '/a&b<"c">', status: 400, reason: "bad 'x' \u0001 <y>", hits: 1 }],
    };
    const text = renderCoverageJunit(evaluateCoverage(hostile, { failOnUnmatched: true }));
    expect(validateXml(text).valid).toBe(true);
    const out = children(children(parseXml(text), 'testsuite').at(-1), 'system-out')[0]?.text;
    expect(out).toBe('1× GET /a&b<"c"> → 400: bad \'x\' \uFFFD <y>');
  });
});

describe('the JUnit schema', () => {
  it('rejects what the format does not allow (so a passing validation means something)', () => {
    const wrap = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
    const rejected = [
      wrap('<testsuites skipped="1"><testsuite name="a" tests="0"/></testsuites>'),
      wrap('<testsuites><testsuite name="a" tests="1"><testcase classname="x"/></testsuite></testsuites>'),
      wrap('<testsuites><testsuite name="a" tests="1" time="soon"/></testsuites>'),
      wrap('<testsuites><testsuite tests="1"/></testsuites>'),
      wrap(
        '<testsuites><testsuite name="a" tests="1"><testcase name="t"><passed/></testcase></testsuite></testsuites>',
      ),
      wrap('<results/>'),
    ];
    for (const document of rejected) {
      const check = validateXml(document);
      expect(check.valid, document).toBe(false);
      expect(check.output).toMatch(/fails to validate/);
    }
    expect(validateXml(wrap('<testsuite name="single" tests="0"/>')).valid).toBe(true);
  });
});

describe('renderCoverageCtrf', () => {
  const validate = ctrfValidator();
  const ctrf = renderCoverageCtrf(evaluateCoverage(REPORT, THRESHOLDS), {
    target: 'http://127.0.0.1:4010',
    start: 1_700_000_000_000,
    stop: 1_700_000_000_250,
  });

  it('validates against the CTRF JSON schema (ajv), also after a JSON round trip', () => {
    expect(validate(ctrf), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(ctrf)))).toBe(true);
  });

  it('has the same tests as the JUnit report, with a summary that adds up', () => {
    expect(ctrf).toMatchObject({
      reportFormat: 'CTRF',
      specVersion: CTRF_SPEC_VERSION,
      generatedBy: 'mockgram coverage',
      timestamp: '2023-11-14T22:13:20.250Z',
      results: {
        tool: { name: 'mockgram' },
        summary: {
          tests: 12,
          passed: 5,
          failed: 5,
          skipped: 2,
          pending: 0,
          other: 0,
          suites: 3,
          start: 1_700_000_000_000,
          stop: 1_700_000_000_250,
        },
        extra: { target: 'http://127.0.0.1:4010', session: 'ci', requests: 5, unmatched: REPORT.unmatched },
      },
    });
    expect(ctrf.results.tests.map((t) => `${t.suite.join('/')} ${t.name}: ${t.status}`)).toEqual([
      'shop/createThing createThing called: passed',
      'shop/createThing createThing status 200: passed',
      'shop/createThing createThing status 400: passed',
      'shop/createThing createThing status 500: failed',
      'shop/createThing createThing scenario success: passed',
      'shop/createThing createThing scenario server-error: skipped',
      'shop/getThing getThing called: skipped',
      'shop/getThing getThing status 200: failed',
      'shop/getThing getThing status 404: failed',
      'thresholds --min-operations 50: passed',
      'thresholds --min-statuses 60: failed',
      'thresholds --fail-on-unmatched: failed',
    ]);
    expect(ctrf.results.tests[3]).toEqual({
      name: 'createThing status 500',
      status: 'failed',
      duration: 0,
      suite: ['shop', 'createThing'],
      message: 'never answered; --min-statuses 60 is not met',
      type: 'coverage',
      tags: ['status'],
      extra: { hits: 0, method: 'POST', path: '/things' },
    });
    expect(ctrf.reportId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('the schema rejects documents CTRF forbids (so a passing validation means something)', () => {
    const broken: readonly unknown[] = [
      { ...ctrf, reportFormat: 'ctrf' },
      { ...ctrf, specVersion: '1.0' },
      { ...ctrf, unknown: true },
      { ...ctrf, results: { ...ctrf.results, tests: [{ ...ctrf.results.tests[0], status: 'ok' }] } },
      { ...ctrf, results: { ...ctrf.results, tests: [{ name: 'no duration', status: 'passed' }] } },
      { ...ctrf, results: { ...ctrf.results, summary: { ...ctrf.results.summary, stop: undefined } } },
      { ...ctrf, results: { ...ctrf.results, summary: { ...ctrf.results.summary, passed: -1 } } },
      { ...ctrf, results: { ...ctrf.results, tool: { name: '' } } },
      { ...ctrf, results: { ...ctrf.results, coverage: {} } },
      { ...ctrf, reportId: 'not-a-uuid' },
    ];
    for (const document of broken)
      expect(validate(JSON.parse(JSON.stringify(document))), JSON.stringify(document).slice(0, 120)).toBe(
        false,
      );
  });
});
