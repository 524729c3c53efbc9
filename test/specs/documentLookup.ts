import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';
import { resolvePointer } from '../../src/spec/jsonPointer.ts';

/**
 * Reads the value at `tokens` (unescaped keys or array indexes), following local `$ref`s on the way and at the
 * end, so a test can name `schema`, `properties`, `id` without caring which of them are references.
 */
export function lookup(document: JsonObject, ...tokens: readonly string[]): unknown {
  let current = dereference(document, document);
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isRecord(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
    current = dereference(document, current);
  }
  return current;
}

/** Like {@link lookup}, for a value that must be an object; throws a message naming the path otherwise. */
export function objectAt(document: JsonObject, ...tokens: readonly string[]): JsonObject {
  const value = lookup(document, ...tokens);
  if (!isRecord(value)) throw new TypeError(`${tokens.join(' > ')} is not an object in this document`);
  return value;
}

function dereference(document: JsonObject, value: unknown): unknown {
  const seen = new Set<string>();
  let current = value;
  while (isRecord(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (!ref.startsWith('#') || seen.has(ref)) throw new TypeError(`cannot follow $ref '${ref}'`);
    seen.add(ref);
    current = resolvePointer(document, ref);
  }
  return current;
}
