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

/** The status a negative case must get: the one the spec documents for that kind of mistake. */
export function rejectionStatuses(operation: OperationSpec, reason: RejectionReason): readonly number[] {
  if (reason === 'method') return PREFERRED.method;
  const documented = PREFERRED[reason].find((status) =>
    operation.responses.some((r) => r.status === String(status)),
  );
  return documented === undefined ? FALLBACK[reason] : [documented];
}
