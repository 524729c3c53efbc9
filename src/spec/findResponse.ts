import type { ResponseSpec } from './types.ts';

/** The response documented for `status`: exact code, then its `NXX` range, then `default`. */
export function findResponse(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  const code = String(status);
  for (const response of responses) if (response.status === code) return response;
  const range = `${Math.floor(status / 100)}XX`;
  return responses.find((r) => r.status === range) ?? responses.find((r) => r.status === 'default');
}
