import { beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/contract/checkResponse.ts';
import type { CheckOutcome, ContractCase, Expectation, WireResponse } from '../../src/contract/types.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import { loadSpecDocument } from '../../src/spec/loadSpecDocument.ts';
import type { OperationSpec, SpecIndex } from '../../src/spec/types.ts';
import { compileSpecValidators, type SpecValidators } from '../../src/validate/compileSpecValidators.ts';
import { LIBRARY, SENSAY } from './targets.ts';

interface Loaded {
  readonly spec: SpecIndex;
  readonly validators: SpecValidators;
}

const loaded = new Map<string, Loaded>();

beforeAll(async () => {
  for (const [name, path] of [
    ['sensay', SENSAY.spec],
    ['library', LIBRARY.spec],
  ] as const) {
    const spec = indexOperations(await loadSpecDocument(path));
    loaded.set(name, { spec, validators: compileSpecValidators(spec) });
  }
});

const ERROR_BODY = JSON.stringify({ success: false, error: 'nope', request_id: 'r-1' });
const ACCEPT: Expectation = { kind: 'accept', allowedStatuses: [] };
const REJECT_400: Expectation = { kind: 'reject', statuses: [400] };

function judge(
  specName: string,
  operationId: string,
  expect: Expectation,
  response: Partial<WireResponse> & { status: number },
  documented = true,
): CheckOutcome[] {
  const { spec, validators } = loaded.get(specName) ?? fail(specName);
  const operation: OperationSpec = spec.operations.find((o) => o.id === operationId) ?? fail(operationId);
  const planned: Pick<ContractCase, 'operation' | 'expect' | 'documented' | 'request'> = {
    operation,
    expect,
    documented,
    request: { method: 'POST', url: 'http://x.test/', headers: [], body: undefined },
  };
  return checkResponse(
    planned,
    { headers: { 'content-type': 'application/json' }, text: '', durationMs: 1, ...response },
    validators.operations.get(operation),
  );
}

function fail(what: string): never {
  throw new Error(`not loaded: ${what}`);
}

function failures(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((o) => !o.passed).map((o) => `${o.check}: ${o.reason ?? ''}`);
}

const SENSAY_OP = 'createReplicaTelegramIntegration';

describe('checkResponse (plain values, no server)', () => {
  it('passes a documented answer in every check that applies', () => {
    const outcomes = judge('sensay', SENSAY_OP, ACCEPT, { status: 200, text: '{"success":true,"id":42}' });
    expect(outcomes.map((o) => [o.check, o.passed])).toEqual([
      ['no-5xx', true],
      ['status-expected', true],
      ['status-documented', true],
      ['content-type', true],
      ['response-body-schema', true],
      ['response-headers', true],
    ]);
  });

  it('fails a 5xx even when the spec documents 500, and names the status', () => {
    const outcomes = judge('sensay', SENSAY_OP, REJECT_400, { status: 500, text: ERROR_BODY });
    expect(failures(outcomes)).toEqual([
      'no-5xx: the target failed with 500',
      'status-expected: expected 400, got 500',
    ]);
  });

  it('fails a negative case that is accepted, and a positive one that is rejected unless allowed', () => {
    expect(
      failures(judge('sensay', SENSAY_OP, REJECT_400, { status: 200, text: '{"success":true,"id":1}' })),
    ).toEqual(['status-expected: expected 400, accepted with 200']);
    expect(failures(judge('sensay', SENSAY_OP, ACCEPT, { status: 404, text: ERROR_BODY }))).toEqual([
      `status-expected: rejected with 404: ${ERROR_BODY}`,
    ]);
    const allowed: Expectation = { kind: 'accept', allowedStatuses: [404] };
    expect(failures(judge('sensay', SENSAY_OP, allowed, { status: 404, text: ERROR_BODY }))).toEqual([]);
  });

  it('fails an undocumented status, an undocumented Content-Type and a body off its schema', () => {
    expect(
      failures(judge('sensay', SENSAY_OP, { kind: 'reject', statuses: [401] }, { status: 403, text: '{}' })),
    ).toEqual([
      'status-expected: expected 401, got 403',
      'status-documented: 403 is not documented for createReplicaTelegramIntegration (documented: 200, 202, 400, 401, 404, 415, 500)',
    ]);
    expect(
      failures(
        judge('sensay', SENSAY_OP, REJECT_400, {
          status: 400,
          headers: { 'content-type': 'text/html' },
          text: '<h1>no</h1>',
        }),
      ),
    ).toEqual([
      'content-type: Content-Type text/html is not documented for 400 (documented: application/json)',
    ]);
    expect(
      failures(judge('sensay', SENSAY_OP, ACCEPT, { status: 200, text: '{"success":true,"id":"42"}' })),
    ).toEqual(['response-body-schema: 200 body/id must be number']);
    expect(failures(judge('sensay', SENSAY_OP, ACCEPT, { status: 200, text: '{"success":' }))).toEqual([
      'response-body-schema: the body is not JSON: {"success":',
    ]);
  });

  it('fails a missing required response header (3.0 fixture) and a bad optional one', () => {
    expect(failures(judge('library', 'listBooks', ACCEPT, { status: 200, text: '[]' }))).toEqual([
      "response-headers: headers must have required property 'x-total-count'",
    ]);
    expect(
      failures(
        judge('library', 'listBooks', ACCEPT, {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-total-count': '3' },
          text: '[]',
        }),
      ),
    ).toEqual([]);
    expect(
      failures(
        judge('library', 'listBooks', ACCEPT, {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-total-count': 'many' },
          text: '[]',
        }),
      ),
    ).toEqual(["response-headers: header 'x-total-count' must be integer"]);
    // Sensay's X-API-Version is a plain string: any value passes.
    expect(
      failures(
        judge('sensay', SENSAY_OP, ACCEPT, {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-api-version': 'latest' },
          text: '{"success":true,"id":1}',
        }),
      ),
    ).toEqual([]);
  });

  it('accepts a documented empty answer (204) and fails a body where none is documented', () => {
    expect(failures(judge('library', 'deleteBook', ACCEPT, { status: 204, headers: {}, text: '' }))).toEqual(
      [],
    );
    expect(failures(judge('library', 'deleteBook', ACCEPT, { status: 204, text: '{}' }))).toEqual([
      'content-type: 204 documents no body, got application/json',
    ]);
  });

  it('requires Allow on a 405, listing the documented method', () => {
    const method: Expectation = { kind: 'reject', statuses: [405] };
    expect(failures(judge('sensay', SENSAY_OP, method, { status: 405, text: '{}' }, false))).toEqual([
      'allow-header: 405 without an Allow header',
    ]);
    expect(
      failures(
        judge('sensay', SENSAY_OP, method, { status: 405, headers: { allow: 'GET, PUT' }, text: '' }, false),
      ),
    ).toEqual(['allow-header: Allow: GET, PUT does not list the documented POST']);
    expect(
      failures(
        judge('sensay', SENSAY_OP, method, { status: 405, headers: { allow: 'POST' }, text: '' }, false),
      ),
    ).toEqual([]);
  });
});
