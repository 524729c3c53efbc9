import type { MockResult } from './mockResult.ts';

/** The body a door sends for a result: for the `malformed` fault, the first half of it (JSON cut short). */
export function bodyToSend(result: MockResult): string | undefined {
  const { body } = result;
  if (result.fault !== 'malformed' || body === undefined) return body;
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}
