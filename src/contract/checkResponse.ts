import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { checkDocumentedResponse, excerpt } from '../validate/checkDocumentedResponse.ts';
import type { JsonObject } from '../spec/isRecord.ts';
import type { CheckOutcome, ContractCase, WireResponse } from './types.ts';

export { excerpt } from '../validate/checkDocumentedResponse.ts';

export type PlannedCheck = Pick<ContractCase, 'operation' | 'expect' | 'documented' | 'request'> & {
  readonly assumption?: string | undefined;
};

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
  if (planned.documented)
    outcomes.push(
      ...checkDocumentedResponse(
        { operation: planned.operation, method: planned.request.method, assumption: planned.assumption },
        response,
        validators,
        document,
      ),
    );
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
