import type { OperationSpec } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { checkResponse, excerpt } from './checkResponse.ts';
import type { WireRequest, WireResponse } from './types.ts';

export type ScenarioVerdict = 'verified' | 'drifted' | 'unverifiable';

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
): { readonly verdict: ScenarioVerdict; readonly reason: string } {
  if (response.status !== expectedStatus)
    return {
      verdict: 'drifted',
      reason: `expected ${expectedStatus}, got ${response.status}: ${excerpt(response.text, 120)}`,
    };
  const shape = checkResponse(
    { operation, request, documented: true, expect: { kind: 'reject', statuses: [expectedStatus] } },
    response,
    validators,
  ).filter((o) => !o.passed && o.check !== 'status-expected');
  if (shape.length > 0)
    return { verdict: 'drifted', reason: shape.map((o) => `${o.check}: ${o.reason ?? ''}`).join('; ') };
  return { verdict: 'verified', reason: `answered ${response.status} with the documented body shape` };
}
