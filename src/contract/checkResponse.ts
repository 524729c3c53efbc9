import type { ErrorObject, ValidateFunction } from 'ajv';
import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { findResponse } from '../mock/findResponse.ts';
import type { JsonObject } from '../spec/isRecord.ts';
import type { MediaTypeSpec, OperationSpec, ResponseSpec } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { diagnosticsFromAjv, summarizeDiagnostics } from '../validate/diagnostic.ts';
import { responseAssumption, schemaAssumption, statusClassAssumption } from './findAssumption.ts';
import type { CheckOutcome, ContractCase, WireResponse } from './types.ts';

export type PlannedCheck = Pick<ContractCase, 'operation' | 'expect' | 'documented' | 'request'> & {
  readonly assumption?: string | undefined;
};

/** Statuses that never carry a body (RFC 9110), so a documented schema does not call for one. */
const BODYLESS_STATUSES = new Set([204, 205, 304]);

/**
 * Judges one answer: what the case expects, then what the spec documents for the status it got. A failed check
 * whose expectation rests only on an assumption (see `findAssumption`) carries it in `assumption`. `document` is
 * the spec's document, to find the `x-assumed` marks of response schemas.
 */
export function checkResponse(
  planned: PlannedCheck,
  response: WireResponse,
  validators: OperationValidators | undefined,
  document?: JsonObject,
): CheckOutcome[] {
  const { status } = response;
  const outcomes: CheckOutcome[] = [noServerError(planned, status), statusExpected(planned, response)];
  if (planned.documented) outcomes.push(...documentedChecks(planned, response, validators, document));
  if (status === 405) outcomes.push(allowHeader(planned, response));
  return outcomes;
}

/** A 5xx is a failure of the target whatever the case was based on. */
function noServerError(planned: PlannedCheck, status: number): CheckOutcome {
  const { expect } = planned;
  const expected = expect.kind === 'reject' && expect.statuses.includes(status);
  return status >= 500 && !expected
    ? { check: 'no-5xx', passed: false, reason: `the target failed with ${status}` }
    : { check: 'no-5xx', passed: true };
}

function statusExpected(planned: PlannedCheck, response: WireResponse): CheckOutcome {
  const { expect } = planned;
  const { status } = response;
  if (expect.kind === 'accept') {
    const rejected = status >= 400 && status < 500 && !expect.allowedStatuses.includes(status);
    return rejected
      ? {
          check: 'status-expected',
          passed: false,
          reason: `rejected with ${status}: ${excerpt(response.text)}`,
          assumption: planned.assumption,
        }
      : { check: 'status-expected', passed: true };
  }
  const wanted = expect.statuses;
  const clientError = status >= 400 && status < 500;
  const passed = wanted.length === 0 ? clientError : wanted.includes(status);
  if (passed) return { check: 'status-expected', passed };
  const expected = wanted.length === 0 ? 'a 4xx' : wanted.join(' or ');
  const verb = status >= 200 && status < 300 ? 'accepted with' : 'got';
  return {
    check: 'status-expected',
    passed,
    reason: `expected ${expected}, ${verb} ${status}`,
    // Another 4xx still rejects the request, which is all the spec says when the exact status is an assumption.
    assumption: planned.assumption ?? (clientError ? expect.statusAssumption : undefined),
  };
}

function documentedChecks(
  planned: PlannedCheck,
  response: WireResponse,
  validators: OperationValidators | undefined,
  document: JsonObject | undefined,
): CheckOutcome[] {
  const { operation } = planned;
  const documented = findResponse(operation.responses, response.status);
  if (!documented) {
    const list = operation.responses.map((r) => r.status).join(', ');
    const classAssumption = statusClassAssumption(operation, response.status);
    const undocumented: CheckOutcome = {
      check: 'status-documented',
      passed: false,
      reason: `${response.status} is not documented for ${operation.id} (documented: ${list})`,
      assumption: planned.assumption ?? classAssumption,
    };
    // The success status is an assumption but the success body is not: judge the body as the documented one.
    const standIn =
      classAssumption !== undefined && response.status < 300 ? successResponse(operation) : undefined;
    if (!standIn) return [undocumented];
    return [undocumented, ...contentChecks(planned, standIn, response, validators, document, true)];
  }
  return [
    { check: 'status-documented', passed: true },
    ...contentChecks(planned, documented, response, validators, document),
    ...headerChecks(documented, response, validators?.responses.get(documented.status)?.headers),
  ];
}

function successResponse(operation: OperationSpec): ResponseSpec | undefined {
  return operation.responses
    .filter((r) => /^2\d\d$/.test(r.status))
    .sort((a, b) => Number(a.status) - Number(b.status))[0];
}

function contentChecks(
  planned: PlannedCheck,
  documented: ResponseSpec,
  response: WireResponse,
  validators: OperationValidators | undefined,
  document: JsonObject | undefined,
  standIn = false,
): CheckOutcome[] {
  const contentType = essence(response.headers['content-type']);
  const hasBody = response.text.length > 0;
  const assumption = responseAssumption(documented);
  if (documented.content.length === 0) {
    return hasBody
      ? [
          {
            check: 'content-type',
            passed: false,
            reason: `${documented.status} documents no body, got ${contentType ?? 'one without Content-Type'}`,
            assumption,
          },
        ]
      : [];
  }
  if (!hasBody) return missingBody(planned, documented, response.status, standIn);
  if (contentType === undefined) {
    return [
      { check: 'content-type', passed: false, reason: 'a body without a Content-Type header', assumption },
    ];
  }
  const media = findMediaType(documented.content, contentType);
  if (!media) {
    const list = documented.content.map((m) => m.mediaType).join(', ');
    return [
      {
        check: 'content-type',
        passed: false,
        reason: `Content-Type ${contentType} is not documented for ${documented.status} (documented: ${list})`,
        assumption,
      },
    ];
  }
  const outcomes: CheckOutcome[] = [{ check: 'content-type', passed: true }];
  const validate = validators?.responses.get(documented.status)?.bodies.get(media.mediaType);
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
      assumption: document && bodyAssumption(document, media, errors),
    },
  ];
}

/**
 * A documented body that did not come: only HEAD and statuses that never carry one may leave it out, unless the
 * status is an undocumented stand-in for the documented success, whose body is the point.
 */
function missingBody(
  planned: PlannedCheck,
  documented: ResponseSpec,
  status: number,
  standIn: boolean,
): CheckOutcome[] {
  if (planned.request.method === 'HEAD' || (BODYLESS_STATUSES.has(status) && !standIn)) return [];
  if (!documented.content.some((m) => m.schema !== undefined)) return [];
  return [
    {
      check: 'response-body-schema',
      passed: false,
      reason: `no body, but ${documented.status} documents one (${documented.content.map((m) => m.mediaType).join(', ')})`,
    },
  ];
}

/** The reason every schema error rests on an assumption, or `undefined` when one of them is a documented rule. */
function bodyAssumption(
  document: JsonObject,
  media: MediaTypeSpec,
  errors: readonly ErrorObject[],
): string | undefined {
  let first: string | undefined;
  for (const error of errors) {
    const tokens = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescape);
    const reason = schemaAssumption(document, media.schema?.schema, tokens, 'response body');
    if (reason === undefined) return undefined;
    first ??= reason;
  }
  return first;
}

function unescape(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function headerChecks(
  documented: ResponseSpec,
  response: WireResponse,
  validate: ValidateFunction | undefined,
): CheckOutcome[] {
  if (!validate || documented.headers.length === 0) return [];
  const values: Record<string, string> = {};
  for (const header of documented.headers) {
    const value = response.headers[header.key];
    if (value !== undefined) values[header.key] = value;
  }
  if (validate(values)) return [{ check: 'response-headers', passed: true }];
  const errors = validate.errors ?? [];
  const assumed = (error: ErrorObject): boolean => {
    const name =
      error.keyword === 'required'
        ? String((error.params as Record<string, unknown>)['missingProperty'])
        : unescape(error.instancePath.split('/')[1] ?? '');
    return documented.headers.find((h) => h.key === name)?.assumed === true;
  };
  return [
    {
      check: 'response-headers',
      passed: false,
      reason: summarizeDiagnostics(diagnosticsFromAjv('header', errors)).replaceAll(
        'header parameter',
        'header',
      ),
      assumption:
        responseAssumption(documented) ??
        (errors.length > 0 && errors.every(assumed)
          ? 'the headers concerned are marked x-assumed'
          : undefined),
    },
  ];
}

function allowHeader(planned: PlannedCheck, response: WireResponse): CheckOutcome {
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
