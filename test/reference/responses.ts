import type { Response } from 'supertest';
import { isJsonObject } from './validation.ts';

/** The parsed JSON body of a response, checked to be an object. */
export function jsonObjectOf(response: Response): Record<string, unknown> {
  const body: unknown = response.body;
  if (!isJsonObject(body)) throw new TypeError(`Expected a JSON object body, got: ${response.text}`);
  return body;
}
