import type { RenderedResponse } from '../mock/renderResponse.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';

/** Where mockgram's own problem types are named (RFC 9457 `type`), e.g. `…/problems/unknown-scenario`. */
export const MOCK_PROBLEM_BASE = 'https://mockgram.dev/problems/';

/**
 * A mistake about the mock itself (an unknown scenario, an example or status the spec does not document) as
 * `application/problem+json` with a mockgram `type`, so it can never be taken for an answer of the API. It lists
 * what would have been valid.
 */
export function renderMockProblem(diagnostic: Diagnostic, valid: readonly string[]): RenderedResponse {
  return {
    status: 400,
    headers: {},
    mediaType: 'application/problem+json',
    body: {
      type: `${MOCK_PROBLEM_BASE}${diagnostic.code}`,
      title: 'mockgram cannot answer as asked',
      status: 400,
      detail: diagnostic.message,
      valid,
    },
  };
}
