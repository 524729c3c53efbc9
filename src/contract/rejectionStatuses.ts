import type { OperationSpec } from '../spec/types.ts';

/** Why a negative case must be rejected. */
export type RejectionReason = 'validation' | 'credentials' | 'media-type' | 'method';

/** Statuses tried in order for each reason: the first the operation documents is the one expected. */
const PREFERRED: Readonly<Record<RejectionReason, readonly number[]>> = {
  validation: [400, 422],
  credentials: [401, 403],
  'media-type': [415, 400],
  method: [405],
};

/** What HTTP itself says when the spec documents none of the preferred statuses (empty: any 4xx). */
const FALLBACK: Readonly<Record<RejectionReason, readonly number[]>> = {
  validation: [],
  credentials: [401],
  'media-type': [415],
  method: [405],
};

export interface Rejection {
  readonly statuses: readonly number[];
  /** Why the exact status is an assumption (any 4xx is not): an `x-assumed` response, or an HTTP convention. */
  readonly statusAssumption: string | undefined;
}

/**
 * The status a negative case must get: the one the spec documents for that kind of mistake. That the request is
 * rejected with a 4xx follows from the spec; the exact status does only when the spec documents it as a fact.
 */
export function rejectionStatuses(operation: OperationSpec, reason: RejectionReason): Rejection {
  const documented = PREFERRED[reason]
    .map((status) => operation.responses.find((r) => r.status === String(status)))
    .find((response) => response !== undefined);
  if (documented) {
    return {
      statuses: [Number(documented.status)],
      statusAssumption: documented.assumed
        ? `the ${documented.status} response is marked x-assumed; any 4xx is a rejection`
        : undefined,
    };
  }
  const fallback = FALLBACK[reason];
  return {
    statuses: fallback,
    statusAssumption:
      fallback.length === 0
        ? undefined
        : `${operation.id} documents no ${PREFERRED[reason].join(' or ')}: ${fallback.join(' or ')} is the HTTP convention, not the API's word; any 4xx is a rejection`,
  };
}
