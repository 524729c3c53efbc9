import { base, en, Faker } from '@faker-js/faker';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/contract/checkResponse.ts';
import { formatCurl } from '../../src/contract/formatCurl.ts';
import { planCases } from '../../src/contract/planCases.ts';
import { renderJunit } from '../../src/contract/renderJunit.ts';
import { renderSummary } from '../../src/contract/renderSummary.ts';
import type { CaseResult, ContractReport, ScenarioResult } from '../../src/contract/runContract.ts';
import { toJsonReport } from '../../src/contract/toJsonReport.ts';
import { CHECKS, STATEFUL_CHECKS, type ContractCase, type WireResponse } from '../../src/contract/types.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import { loadSpecDocument } from '../../src/spec/loadSpecDocument.ts';
import { compileSpecValidators } from '../../src/validate/compileSpecValidators.ts';
import { validateXml } from '../support/xmllint.ts';
import { parseXml, type XmlElement } from './parseXml.ts';
import { SENSAY } from './targets.ts';

const TARGET = 'http://127.0.0.1:9/v';
const OPERATION = 'createReplicaTelegramIntegration';
const HOSTILE = `<h1 class="x">Tom & Jerry's</h1>\u0001`;

/** What a fake target answers each planned case with: correct, except for three planted failures. */
function answer(planned: ContractCase): WireResponse | string {
  const json = (status: number, body: unknown): WireResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    text: JSON.stringify(body),
    durationMs: 2,
  });
  if (planned.name === 'content-type-wrong') return 'ECONNRESET';
  if (planned.name === 'body-missing:/mention') return json(200, { success: true, id: 7 });
  if (planned.name === 'credentials-wrong')
    return json(403, { success: false, error: 'no', request_id: 'r' });
  if (planned.name === 'example:document')
    return { status: 404, headers: { 'content-type': 'text/html' }, text: HOSTILE, durationMs: 2 };
  if (planned.expect.kind === 'accept') return json(200, { success: true, id: 7 });
  const status = planned.expect.statuses[0] ?? 400;
  const error = { success: false, error: 'no', request_id: 'r' };
  return status === 405 ? { ...json(405, error), headers: { allow: 'POST' } } : json(status, error);
}

const SCENARIOS: readonly ScenarioResult[] = [
  {
    probe: {
      operationId: OPERATION,
      scenario: 'unauthorized',
      expectedStatus: 401,
      provoke: { omitCredentials: true },
    },
    verdict: 'verified',
    reason: 'answered 401 with the documented body shape',
    request: undefined,
    curl: undefined,
    response: undefined,
  },
  {
    probe: { operationId: OPERATION, scenario: 'not-found', expectedStatus: 404, provoke: {} },
    verdict: 'drifted',
    reason: 'expected 404, got 200',
    request: undefined,
    curl: 'curl -X POST http://127.0.0.1:9/v',
    response: undefined,
  },
  {
    probe: {
      operationId: OPERATION,
      scenario: 'gone',
      expectedStatus: 400,
      provoke: { removeProperties: ['x'] },
    },
    verdict: 'unverifiable',
    reason: "the valid body has no property 'x' to remove",
    request: undefined,
    curl: undefined,
    response: undefined,
  },
];

let report: ContractReport;

beforeAll(async () => {
  const spec = indexOperations(await loadSpecDocument(SENSAY.spec));
  const validators = compileSpecValidators(spec);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(3);
  const plan = planCases(spec, validators.operations, {
    target: TARGET,
    headers: SENSAY.headers,
    params: SENSAY.params,
    faker,
    now: new Date(0),
    safe: false,
    allowedStatuses: [],
    operations: [OPERATION],
  });
  const cases = plan.cases.map((planned): CaseResult => {
    const response = answer(planned);
    const curl = formatCurl(planned.request);
    if (typeof response === 'string')
      return {
        case: planned,
        curl,
        response: undefined,
        error: response,
        outcomes: [{ check: 'responds', passed: false, reason: response }],
        passed: false,
        warned: false,
      };
    const outcomes = [
      { check: 'responds' as const, passed: true },
      ...checkResponse(planned, response, validators.operations.get(planned.operation)),
    ];
    return {
      case: planned,
      curl,
      response,
      error: undefined,
      outcomes,
      passed: outcomes.every((o) => o.passed),
      warned: false,
    };
  });
  report = {
    spec: { name: spec.name, title: spec.title, version: spec.version, source: 'specs/sensay.yaml' },
    target: TARGET,
    seed: 3,
    safe: false,
    stateless: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 40,
    operations: [{ id: OPERATION, method: 'POST', path: '/v1/replicas/{replicaUUID}/integrations/telegram' }],
    cases,
    scenarios: SCENARIOS,
    notes: [],
    strictAssumptions: false,
    warnings: 0,
    passed: false,
  };
});

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

describe('JUnit report', () => {
  it('is well-formed XML with one testcase per operation and check, plus one per scenario', () => {
    const root = parseXml(renderJunit(report));
    expect(root.name).toBe('testsuites');
    const suites = children(root, 'testsuite');
    expect(suites.map((s) => s.attributes['name'])).toEqual([`sensay ${OPERATION}`]);
    const testcases = children(suites[0] ?? root, 'testcase');
    // Stateful checks appear only for operations where a stateful step ran; this report has none.
    const checkIds = Object.keys(CHECKS).filter(
      (c) => c !== 'scenario' && !STATEFUL_CHECKS.some((check) => check === c),
    );
    expect(testcases.map((t) => t.attributes['name'])).toEqual([
      ...checkIds,
      'scenario unauthorized',
      'scenario not-found',
      'scenario gone',
    ]);
    expect(new Set(testcases.map((t) => t.attributes['classname']))).toEqual(
      new Set([`sensay.${OPERATION}`]),
    );
    const failed = testcases
      .filter((t) => children(t, 'failure').length > 0)
      .map((t) => t.attributes['name']);
    expect(failed).toEqual([
      'responds',
      'status-expected',
      'status-documented',
      'content-type',
      'scenario not-found',
    ]);
    const skipped = testcases
      .filter((t) => children(t, 'skipped').length > 0)
      .map((t) => t.attributes['name']);
    expect(skipped).toEqual(['scenario gone']);
    expect(root.attributes).toMatchObject({ tests: '11', failures: '5', errors: '0' });
    expect(suites[0]?.attributes).toMatchObject({ tests: '11', failures: '5', skipped: '1', errors: '0' });
  });

  it('validates against the JUnit XML schema CI servers read (xmllint)', () => {
    expect(validateXml(renderJunit(report))).toEqual({ valid: true, output: '- validates' });
  });

  it('escapes what the target sent and carries the curl that reproduces each failure', () => {
    const root = parseXml(renderJunit(report));
    const testcases = children(children(root, 'testsuite')[0] ?? root, 'testcase');
    const statusExpected = testcases.find((t) => t.attributes['name'] === 'status-expected');
    const failure = statusExpected && children(statusExpected, 'failure')[0];
    expect(failure?.attributes['message']).toBe(
      `3 of 16 cases failed: rejected with 404: <h1 class="x">Tom & Jerry's</h1>\uFFFD`,
    );
    expect(failure?.text).toContain('body-missing:/mention: expected 400, accepted with 200');
    expect(failure?.text).toContain(formatCurl(find('body-missing:/mention').case.request));
    const contentType = testcases.find((t) => t.attributes['name'] === 'content-type');
    expect(contentType && children(contentType, 'failure')[0]?.text).toContain(
      'example:document: Content-Type text/html is not documented for 404',
    );
    const documented = testcases.find((t) => t.attributes['name'] === 'status-documented');
    expect(documented && children(documented, 'failure')[0]?.attributes['message']).toContain(
      '403 is not documented',
    );
  });
});

function find(name: string): CaseResult {
  const found = report.cases.find((c) => c.case.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
}

const JSON_REPORT_SCHEMA = {
  type: 'object',
  required: [
    'tool',
    'spec',
    'target',
    'seed',
    'passed',
    'summary',
    'operations',
    'cases',
    'scenarios',
    'notes',
  ],
  properties: {
    tool: { const: 'mockgram contract' },
    seed: { type: 'integer' },
    passed: { type: 'boolean' },
    summary: {
      type: 'object',
      required: ['cases', 'passedCases', 'failedCases', 'checks', 'scenarios'],
      properties: {
        checks: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['passed', 'failed'],
            properties: { passed: { type: 'integer' }, failed: { type: 'integer' } },
          },
        },
      },
    },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'operationId',
          'kind',
          'name',
          'expect',
          'passed',
          'request',
          'curl',
          'response',
          'error',
          'checks',
        ],
        properties: {
          kind: { enum: ['positive', 'negative', 'stateful'] },
          request: {
            type: 'object',
            required: ['method', 'url', 'headers', 'body'],
            properties: {
              headers: {
                type: 'array',
                items: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], items: false },
              },
              body: { type: ['string', 'null'] },
            },
          },
          response: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['status', 'headers', 'body', 'durationMs'],
                properties: { status: { type: 'integer' } },
              },
            ],
          },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              required: ['check', 'passed'],
              properties: {
                check: { enum: Object.keys(CHECKS) },
                passed: { type: 'boolean' },
                reason: { type: 'string' },
              },
              additionalProperties: false,
            },
          },
        },
      },
    },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        required: ['operationId', 'scenario', 'expectedStatus', 'verdict', 'reason', 'status', 'curl'],
        properties: { verdict: { enum: ['verified', 'drifted', 'unverifiable'] } },
      },
    },
  },
};

describe('JSON report', () => {
  it('has the documented shape and survives a JSON round trip', () => {
    const json = toJsonReport(report);
    const validate = new Ajv2020({ strict: false }).compile(JSON_REPORT_SCHEMA);
    const parsed: unknown = JSON.parse(JSON.stringify(json));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed).toEqual(json);
  });

  it('counts cases, checks and scenario verdicts', () => {
    const { summary, cases } = toJsonReport(report);
    expect(summary).toMatchObject({ cases: 17, passedCases: 13, failedCases: 4, warnings: 0 });
    expect(summary.checks['status-expected']).toEqual({ passed: 13, failed: 3, warned: 0 });
    expect(summary.checks['responds']).toEqual({ passed: 16, failed: 1, warned: 0 });
    expect(summary.scenarios).toEqual({ verified: 1, drifted: 1, unverifiable: 1 });
    const broken = cases.find((c) => c.name === 'content-type-wrong');
    expect(broken).toMatchObject({ passed: false, response: null, error: 'ECONNRESET' });
  });
});

describe('readable summary', () => {
  it('lists each failure with its check, operation, reason and curl, then scenarios and the result', () => {
    const text = renderSummary(report);
    const mention = find('body-missing:/mention');
    expect(text).toContain(
      [
        `FAIL ${OPERATION} body-missing:/mention (negative: the body without required property 'mention')`,
        '  status-expected: expected 400, accepted with 200',
        `  ${mention.curl}`,
      ].join('\n'),
    );
    expect(text).toContain('  responds: ECONNRESET');
    expect(text).toContain('Scenarios: 1 verified, 1 drifted, 1 unverifiable');
    expect(text).toContain(
      `  DRIFTED ${OPERATION} not-found: expected 404, got 200\n    curl -X POST http://127.0.0.1:9/v`,
    );
    expect(text).toContain('status-expected 13/16');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'FAILED: 6 failed checks in 4 of 17 cases, 1 drifted scenario',
    );
  });
});
