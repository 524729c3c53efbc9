import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import {
  checkDocumentedResponse,
  type DocumentedCheckId,
  type ReceivedResponse,
} from '../validate/checkDocumentedResponse.ts';
import type { DriftProblem } from './driftTypes.ts';
import type { RequestVerdict } from './judgeRequest.ts';

export interface ResponseJudgement {
  readonly problems: readonly DriftProblem[];
  readonly warnings: readonly DriftProblem[];
}

/** Where a failed documented check puts its problem. */
const LOCATIONS: Readonly<Record<DocumentedCheckId, string>> = {
  'status-documented': 'status',
  'content-type': 'content-type',
  'response-body-schema': 'body',
  'response-headers': 'header',
};

/**
 * The response half of a proxied exchange: the checks the contract runner makes on every answer (status documented,
 * Content-Type, body schema, documented headers), with the same compiled validators; then whether a request the spec
 * forbids was turned down (a 2xx or 5xx answer to it is the API's drift, not the client's). `bodyCut` says the body
 * was larger than the proxy keeps, so its schema is not judged.
 */
export function judgeResponse(
  verdict: Extract<RequestVerdict, { kind: 'operation' }>,
  response: ReceivedResponse,
  validators: OperationValidators | undefined,
  bodyCut: boolean,
): ResponseJudgement {
  const problems: DriftProblem[] = [];
  const warnings: DriftProblem[] = [];
  const checks = checkDocumentedResponse(
    { operation: verdict.prepared.operation, method: verdict.parsed.method },
    response,
    validators,
    verdict.spec.document,
  );
  for (const check of checks) {
    if (check.passed) continue;
    if (bodyCut && check.check === 'response-body-schema') continue;
    const problem = { location: LOCATIONS[check.check], message: check.reason ?? check.check };
    if (check.assumption === undefined) problems.push(problem);
    else warnings.push({ ...problem, message: `${problem.message} (assumed: ${check.assumption})` });
  }
  if (bodyCut)
    warnings.push({
      location: 'body',
      message: 'the body is larger than the proxy keeps; its schema was not checked',
    });
  const [broken] = verdict.problems;
  const { status } = response;
  if (broken && (status < 400 || status >= 500)) {
    problems.push({
      location: 'status',
      message: `answered ${status} to a request the spec forbids (${broken.message}); a 4xx was expected`,
    });
  }
  return { problems, warnings };
}
