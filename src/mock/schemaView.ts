import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { resolvePointer } from '../spec/jsonPointer.ts';

const EMPTY: JsonObject = Object.freeze({});
/** Documents are immutable once loaded, so each `$ref` object resolves to the same target every time. */
const resolved = new WeakMap<JsonObject, WeakMap<object, JsonObject>>();

/** Follows local `$ref`s of a raw (unnormalized) schema; unresolvable refs read as the empty schema. */
export function derefSchema(document: JsonObject, schema: unknown): JsonObject {
  if (!isRecord(schema)) return EMPTY;
  if (typeof schema['$ref'] !== 'string') return schema;
  let cache = resolved.get(document);
  if (!cache) resolved.set(document, (cache = new WeakMap()));
  const known = cache.get(schema);
  if (known) return known;
  let current: unknown = schema;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current['$ref'] === 'string'; hops++) {
    current = resolvePointer(document, current['$ref']);
  }
  const target = isRecord(current) ? current : EMPTY;
  cache.set(schema, target);
  return target;
}

/** The JSON types a schema names (`type` as string or list), `[]` when it names none. */
export function schemaTypes(schema: JsonObject): string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** Whether a value of `type` can satisfy the schema, looking through `$ref`, `oneOf` and `anyOf`. */
export function allowsType(document: JsonObject, schema: unknown, type: string): boolean {
  const resolved = derefSchema(document, schema);
  const alternatives = [resolved['oneOf'], resolved['anyOf']].filter(Array.isArray).flat();
  if (alternatives.length > 0) return alternatives.some((sub) => allowsType(document, sub, type));
  const types = schemaTypes(resolved);
  return types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'));
}

/** Object properties of a schema, merged across `allOf`. */
export interface ObjectShape {
  readonly properties: Readonly<JsonObject>;
  readonly required: ReadonlySet<string>;
}

const shapes = new WeakMap<JsonObject, ObjectShape>();

export function objectProperties(document: JsonObject, schema: unknown): ObjectShape {
  const resolved = derefSchema(document, schema);
  const known = shapes.get(resolved);
  if (known) return known;
  const shape = mergeObjectShape(document, resolved);
  shapes.set(resolved, shape);
  return shape;
}

function mergeObjectShape(document: JsonObject, resolved: JsonObject): ObjectShape {
  const properties: JsonObject = isRecord(resolved['properties']) ? { ...resolved['properties'] } : {};
  const required = new Set(
    Array.isArray(resolved['required']) ? resolved['required'].filter((r) => typeof r === 'string') : [],
  );
  for (const part of Array.isArray(resolved['allOf']) ? resolved['allOf'] : []) {
    const inner = objectProperties(document, part);
    Object.assign(properties, inner.properties);
    for (const name of inner.required) required.add(name);
  }
  return { properties, required };
}
