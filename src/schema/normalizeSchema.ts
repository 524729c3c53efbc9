import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { OpenApiVersion } from '../spec/types.ts';

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set([
  'additionalProperties',
  'items',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
]);
/** OpenAPI annotations that are not JSON Schema keywords: ajv's strict mode would reject them. */
const OPENAPI_ONLY = new Set(['example', 'xml', 'externalDocs', 'discriminator']);
/** Draft-07 (used for OpenAPI 3.0) does not know this 2019+ annotation. */
const NOT_IN_DRAFT_07 = new Set(['deprecated']);

export interface NormalizeContext {
  readonly version: OpenApiVersion;
  /** Every `format` seen, so unknown ones can be registered instead of failing compilation. */
  readonly formats: Set<string>;
}

/**
 * Rewrites one OpenAPI Schema Object as plain JSON Schema for ajv: drops OpenAPI-only annotations and `x-`
 * extensions and, for 3.0, expresses `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` in draft-07 terms.
 */
export function normalizeSchema(schema: unknown, context: NormalizeContext): unknown {
  if (!isRecord(schema)) return schema;
  if (context.version === '3.0' && typeof schema['$ref'] === 'string') return { $ref: schema['$ref'] };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || OPENAPI_ONLY.has(key)) continue;
    if (context.version === '3.0' && (NOT_IN_DRAFT_07.has(key) || key === 'nullable')) continue;
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, normalizeSchema(sub, context)]),
      );
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => normalizeSchema(sub, context));
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((sub) => normalizeSchema(sub, context))
        : normalizeSchema(value, context);
    } else {
      if (key === 'format' && typeof value === 'string') context.formats.add(value);
      out[key] = value;
    }
  }
  if (context.version === '3.0') {
    convertExclusiveBound(out, 'exclusiveMinimum', 'minimum');
    convertExclusiveBound(out, 'exclusiveMaximum', 'maximum');
    if (schema['nullable'] === true) return allowNull(out);
  }
  return out;
}

function convertExclusiveBound(schema: JsonObject, exclusive: string, inclusive: string): void {
  const flag = schema[exclusive];
  if (typeof flag !== 'boolean') return;
  const bound = schema[inclusive];
  Reflect.deleteProperty(schema, exclusive);
  if (flag && typeof bound === 'number') {
    schema[exclusive] = bound;
    Reflect.deleteProperty(schema, inclusive);
  }
}

/** OpenAPI 3.0 `nullable: true`: null is valid in addition to whatever the schema allows. */
function allowNull(schema: JsonObject): JsonObject {
  const values: unknown = schema['enum'];
  if (Array.isArray(values) && !values.includes(null)) schema['enum'] = [...(values as unknown[]), null];
  const type: unknown = schema['type'];
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  if (Array.isArray(type)) return { ...schema, type: [...new Set([...(type as unknown[]), 'null'])] };
  return { anyOf: [{ type: 'null' }, schema] };
}

/**
 * Copies a whole OpenAPI document with every schema normalized, so ajv can resolve `$ref`s against it.
 * Examples and extensions are not descended into: a property named `schema` inside them is data.
 */
export function normalizeDocument(document: JsonObject, context: NormalizeContext): JsonObject {
  return normalizeNode(document, context, false) as JsonObject;
}

function normalizeNode(node: unknown, context: NormalizeContext, underComponents: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => normalizeNode(item, context, false));
  if (!isRecord(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) out[key] = value;
    else if (key === 'schema') out[key] = normalizeSchema(value, context);
    else if (underComponents && key === 'schemas' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, normalizeSchema(sub, context)]),
      );
    } else out[key] = normalizeNode(value, context, key === 'components');
  }
  return out;
}
