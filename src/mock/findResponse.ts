import type { OperationSpec, ResponseSpec, SpecIndex } from '../spec/types.ts';

export { findResponse } from '../spec/findResponse.ts';

/** For answers that belong to no operation (unknown path, 405): the first operation that documents the status. */
export function findSpecWideResponse(spec: SpecIndex, status: number): ResponseSpec | undefined {
  for (const operation of spec.operations) {
    const exact = operation.responses.find(
      (r) => r.status === String(status) || r.status === `${Math.floor(status / 100)}XX`,
    );
    if (exact) return exact;
  }
  return undefined;
}

/**
 * The operation's default answer: its lowest documented 2xx (a `2XX` range or `default` answer as 200); for an
 * operation that documents no success but a redirect (a download answered with 302), its lowest 3xx.
 */
export function chooseSuccess(
  operation: OperationSpec,
): { response: ResponseSpec; status: number } | undefined {
  const lowest = (pattern: RegExp): ResponseSpec | undefined =>
    operation.responses
      .filter((r) => pattern.test(r.status))
      .sort((a, b) => Number(a.status) - Number(b.status))[0];
  const numeric = lowest(/^2\d\d$/);
  if (numeric) return { response: numeric, status: Number(numeric.status) };
  const fallback =
    operation.responses.find((r) => r.status === '2XX') ??
    operation.responses.find((r) => r.status === 'default');
  if (fallback) return { response: fallback, status: 200 };
  const redirect = lowest(/^3\d\d$/);
  return redirect && { response: redirect, status: Number(redirect.status) };
}
