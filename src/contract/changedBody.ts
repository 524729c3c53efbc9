import type { ValidateFunction } from 'ajv';
import { isDeepStrictEqual } from 'node:util';
import { derefSchema, objectProperties } from '../mock/schemaView.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';

/**
 * An update body that really changes something: each top-level string property whose value the object already has
 * gets another enum value, or ` (updated)` appended, wherever the body stays valid. Otherwise an update that is
 * never stored would read back as if it were.
 */
export function changedBody(
  document: JsonObject,
  schema: unknown,
  body: unknown,
  current: unknown,
  validate: ValidateFunction | undefined,
): unknown {
  if (!isRecord(body) || !isRecord(current)) return body;
  const { properties } = objectProperties(document, schema);
  let out: JsonObject = body;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string' || !isDeepStrictEqual(current[name], value)) continue;
    const choices: unknown = derefSchema(document, properties[name])['enum'];
    const other: unknown = Array.isArray(choices)
      ? choices.find((choice: unknown) => typeof choice === 'string' && choice !== value)
      : `${value} (updated)`;
    if (typeof other !== 'string') continue;
    const candidate = { ...out, [name]: other };
    if (!validate || validate(candidate)) out = candidate;
  }
  return out;
}
