import type { ValidateFunction } from 'ajv';
import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { findResponse } from '../mock/findResponse.ts';
import type { OperationSpec, ResponseSpec } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { diagnosticsFromAjv, summarizeDiagnostics } from '../validate/diagnostic.ts';
import type { CheckOutcome, ContractCase, Expectation, WireResponse } from './types.ts';

/** Judges one answer: what the case expects, then what the spec documents for the status it got. */
export function checkResponse(
  planned: Pick<ContractCase, 'operation' | 'expect' | 'documented' | 'request'>,
  response: WireResponse,
  validators: OperationValidators | undefined,
): CheckOutcome[] {
  const { status } = response;
  const outcomes: CheckOutcome[] = [
    noServerError(planned.expect, status),
    statusExpected(planned.expect, response),
  ];
  if (planned.documented) outcomes.push(...documentedChecks(planned.operation, response, validators));
  if (status === 405) outcomes.push(allowHeader(planned, response));
  return outcomes;
}

function noServerError(expect: Expectation, status: number): CheckOutcome {
  const expected = expect.kind === 'reject' && expect.statuses.includes(status);
  return status >= 500 && !expected
    ? { check: 'no-5xx', passed: false, reason: `the target failed with ${status}` }
    : { check: 'no-5xx', passed: true };
}

function statusExpected(expect: Expectation, response: WireResponse): CheckOutcome {
  const { status } = response;
  if (expect.kind === 'accept') {
    const rejected = status >= 400 && status < 500 && !expect.allowedStatuses.includes(status);
    return rejected
      ? {
          check: 'status-expected',
          passed: false,
          reason: `rejected with ${status}: ${excerpt(response.text)}`,
        }
      : { check: 'status-expected', passed: true };
  }
  const wanted = expect.statuses;
  const passed = wanted.length === 0 ? status >= 400 && status < 500 : wanted.includes(status);
  if (passed) return { check: 'status-expected', passed };
  const expected = wanted.length === 0 ? 'a 4xx' : wanted.join(' or ');
  const verb = status >= 200 && status < 300 ? 'accepted with' : 'got';
  return { check: 'status-expected', passed, reason: `expected ${expected}, ${verb} ${status}` };
}

function documentedChecks(
  operation: OperationSpec,
  response: WireResponse,
  validators: OperationValidators | undefined,
): CheckOutcome[] {
  const documented = findResponse(operation.responses, response.status);
  if (!documented) {
    const list = operation.responses.map((r) => r.status).join(', ');
    return [
      {
        check: 'status-documented',
        passed: false,
        reason: `${response.status} is not documented for ${operation.id} (documented: ${list})`,
      },
    ];
  }
  const compiled = validators?.responses.get(documented.status);
  return [
    { check: 'status-documented', passed: true },
    ...contentChecks(documented, response, compiled?.bodies),
    ...headerChecks(documented, response, compiled?.headers),
  ];
}

function contentChecks(
  documented: ResponseSpec,
  response: WireResponse,
  bodies: ReadonlyMap<string, ValidateFunction | undefined> | undefined,
): CheckOutcome[] {
  const contentType = essence(response.headers['content-type']);
  const hasBody = response.text.length > 0;
  if (documented.content.length === 0) {
    return hasBody
      ? [
          {
            check: 'content-type',
            passed: false,
            reason: `${documented.status} documents no body, got ${contentType ?? 'one without Content-Type'}`,
          },
        ]
      : [];
  }
  if (contentType === undefined) {
    if (!hasBody) return [];
    return [{ check: 'content-type', passed: false, reason: 'a body without a Content-Type header' }];
  }
  const media = findMediaType(documented.content, contentType);
  if (!media) {
    const list = documented.content.map((m) => m.mediaType).join(', ');
    return [
      {
        check: 'content-type',
        passed: false,
        reason: `Content-Type ${contentType} is not documented for ${documented.status} (documented: ${list})`,
      },
    ];
  }
  const outcomes: CheckOutcome[] = [{ check: 'content-type', passed: true }];
  const validate = bodies?.get(media.mediaType);
  if (!validate || !isJsonMediaType(contentType)) return outcomes;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return [
      ...outcomes,
      {
        check: 'response-body-schema',
        passed: false,
        reason: `the body is not JSON: ${excerpt(response.text)}`,
      },
    ];
  }
  if (validate(body)) return [...outcomes, { check: 'response-body-schema', passed: true }];
  const errors = validate.errors ?? [];
  return [
    ...outcomes,
    {
      check: 'response-body-schema',
      passed: false,
      reason: `${documented.status} ${summarizeDiagnostics(diagnosticsFromAjv('body', errors))}`,
    },
  ];
}

function headerChecks(
  documented: ResponseSpec,
  response: WireResponse,
  validate: ValidateFunction | undefined,
): CheckOutcome[] {
  if (!validate || documented.headers.length === 0) return [];
  const values: Record<string, string> = {};
  for (const header of documented.headers) {
    const value = response.headers[header.name.toLowerCase()];
    if (value !== undefined) values[header.name.toLowerCase()] = value;
  }
  if (validate(values)) return [{ check: 'response-headers', passed: true }];
  const errors = validate.errors ?? [];
  return [
    {
      check: 'response-headers',
      passed: false,
      reason: summarizeDiagnostics(diagnosticsFromAjv('header', errors)).replaceAll(
        'header parameter',
        'header',
      ),
    },
  ];
}

function allowHeader(
  planned: Pick<ContractCase, 'operation' | 'documented' | 'request'>,
  response: WireResponse,
): CheckOutcome {
  const allow = response.headers['allow'];
  if (allow === undefined || allow.trim() === '')
    return { check: 'allow-header', passed: false, reason: '405 without an Allow header' };
  if (planned.documented) return { check: 'allow-header', passed: true };
  const listed = new Set(allow.split(',').map((m) => m.trim().toUpperCase()));
  const method = planned.operation.method.toUpperCase();
  return listed.has(method)
    ? { check: 'allow-header', passed: true }
    : {
        check: 'allow-header',
        passed: false,
        reason: `Allow: ${allow} does not list the documented ${method}`,
      };
}

/** The start of a body, on one line, for a reason. */
export function excerpt(text: string, length = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > length ? `${line.slice(0, length - 3)}...` : line;
}
