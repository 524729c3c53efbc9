import { findResponse } from '../mock/findResponse.ts';
import type { JsonObject } from '../spec/isRecord.ts';
import type { OperationSpec } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { checkResponse, excerpt } from './checkResponse.ts';
import { responseAssumption } from '../validate/findAssumption.ts';
import type { WireRequest, WireResponse } from './types.ts';

export type ScenarioVerdict = 'verified' | 'drifted' | 'unverifiable';

export interface ScenarioJudgement {
  readonly verdict: ScenarioVerdict;
  readonly reason: string;
  /** Set when a drift rests only on an assumption (the scenario's status or body shape is `x-assumed`). */
  readonly assumption?: string | undefined;
}

/**
 * Verified: the target answered the provoking request with the scenario's status, in a documented Content-Type
 * and a body valid against that status's schema. Drifted: the status or the body shape differ.
 */
export function judgeScenario(
  operation: OperationSpec,
  expectedStatus: number,
  request: WireRequest,
  response: WireResponse,
  validators: OperationValidators | undefined,
  document?: JsonObject,
): ScenarioJudgement {
  if (response.status !== expectedStatus) {
    const expected = findResponse(operation.responses, expectedStatus);
    return {
      verdict: 'drifted',
      reason: `expected ${expectedStatus}, got ${response.status}: ${excerpt(response.text, 120)}`,
      assumption: expected && responseAssumption(expected),
    };
  }
  const shape = checkResponse(
    { operation, request, documented: true, expect: { kind: 'reject', statuses: [expectedStatus] } },
    response,
    validators,
    document,
  ).filter((o) => !o.passed && o.check !== 'status-expected');
  if (shape.length > 0)
    return {
      verdict: 'drifted',
      reason: shape.map((o) => `${o.check}: ${o.reason ?? ''}`).join('; '),
      assumption: shape.every((o) => o.assumption !== undefined) ? shape[0]?.assumption : undefined,
    };
  return { verdict: 'verified', reason: `answered ${response.status} with the documented body shape` };
}
