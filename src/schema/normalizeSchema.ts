import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { resolvePointer } from '../spec/jsonPointer.ts';
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
  /** Told every `format` seen, so unknown ones can be registered instead of failing compilation. */
  readonly formats: { add(format: string): unknown };
  /**
   * Which way the data travels. OpenAPI says a `readOnly` property is not sent in requests and a `writeOnly` one is
   * not returned, so it cannot be required there: it is dropped from `required` in that direction.
   */
  readonly direction?: 'request' | 'response' | undefined;
  /** The raw document, to follow the `$ref` of a property when looking for `readOnly`/`writeOnly`. */
  readonly document?: JsonObject | undefined;
  /**
   * For parameters, whose values arrive as text and are coerced: `oneOf` is read as `anyOf`, since `"7"` fits both
   * `{type: integer}` and `{type: string}` and would fit neither "exactly one".
   */
  readonly oneOfAsAnyOf?: boolean | undefined;
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
    // `nullable` is 3.0's; documents labelled 3.1 still use it, and ajv's own `nullable` keyword would reject them.
    if (key === 'nullable' || (context.version === '3.0' && NOT_IN_DRAFT_07.has(key))) continue;
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, normalizeSchema(sub, context)]),
      );
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      const list = value.map((sub) => normalizeSchema(sub, context));
      if (key === 'oneOf' && context.oneOfAsAnyOf === true) out['anyOf'] = list;
      else out[key] = list;
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((sub) => normalizeSchema(sub, context))
        : normalizeSchema(value, context);
    } else {
      if (key === 'format' && typeof value === 'string') context.formats.add(value);
      out[key] = value;
    }
  }
  if (context.direction !== undefined && Array.isArray(out['required']) && isRecord(schema['properties'])) {
    const hidden = context.direction === 'request' ? 'readOnly' : 'writeOnly';
    const properties = schema['properties'];
    const required = (out['required'] as unknown[]).filter(
      (name) => typeof name !== 'string' || !marks(context, properties[name], hidden),
    );
    out['required'] = required;
  }
  if (context.version === '3.0') {
    convertExclusiveBound(out, 'exclusiveMinimum', 'minimum');
    convertExclusiveBound(out, 'exclusiveMaximum', 'maximum');
  }
  if (schema['nullable'] === true) return allowNull(out);
  return out;
}

/** Whether a property schema (through `$ref`s and `allOf`) carries `readOnly: true` or `writeOnly: true`. */
function marks(context: NormalizeContext, schema: unknown, keyword: string, depth = 0): boolean {
  if (!isRecord(schema) || depth > 16) return false;
  if (schema[keyword] === true) return true;
  const ref = schema['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#') && context.document !== undefined)
    return marks(context, resolvePointer(context.document, ref), keyword, depth + 1);
  const parts = schema['allOf'];
  return (
    Array.isArray(parts) && (parts as unknown[]).some((part) => marks(context, part, keyword, depth + 1))
  );
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
  return normalizeNode(document, context, '') as JsonObject;
}

/**
 * Maps whose keys are names chosen by the author, not fields: a header called `x-rate-limit` is a header, not an
 * extension (`responses` and `callbacks` are named maps only under `components`).
 */
const NAMED_MAPS = new Set([
  'headers',
  'parameters',
  'requestBodies',
  'securitySchemes',
  'links',
  'pathItems',
]);
const NAMED_UNDER_COMPONENTS = new Set(['responses', 'callbacks']);

function normalizeNode(node: unknown, context: NormalizeContext, parentKey: string): unknown {
  if (Array.isArray(node)) return node.map((item) => normalizeNode(item, context, ''));
  if (!isRecord(node)) return node;
  const field = parentKey.startsWith('components.') ? parentKey.slice('components.'.length) : parentKey;
  const named = NAMED_MAPS.has(field) || (field !== parentKey && NAMED_UNDER_COMPONENTS.has(field));
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (named) out[key] = normalizeNode(value, context, '');
    else if (key === 'example' || key === 'examples' || key.startsWith('x-')) out[key] = value;
    else if (key === 'schema') out[key] = normalizeSchema(value, context);
    else if (parentKey === 'components' && key === 'schemas' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, normalizeSchema(sub, context)]),
      );
    } else out[key] = normalizeNode(value, context, parentKey === 'components' ? `components.${key}` : key);
  }
  return out;
}

/**
 * The document as ajv resolves `$ref`s into it, normalized only where a `$ref` actually leads, on first access (then
 * kept): normalizing and registering all of a large document would take most of start-up. It shows ajv no keys, so
 * ajv's scan for `$id`s when the document is added does not walk it either.
 */
export function lazyNormalizedDocument(document: JsonObject, context: NormalizeContext): object {
  return lazyNode(document, context, '');
}

function lazyNode(node: JsonObject, context: NormalizeContext, parentKey: string): object {
  const field = parentKey.startsWith('components.') ? parentKey.slice('components.'.length) : parentKey;
  const named = NAMED_MAPS.has(field) || (field !== parentKey && NAMED_UNDER_COMPONENTS.has(field));
  const schemas = parentKey === 'components.schemas';
  const children = new Map<string, unknown>();
  const child = (key: string): unknown => {
    const value = node[key];
    if (schemas || (!named && key === 'schema')) return normalizeSchema(value, context);
    if (!named && (key === 'example' || key === 'examples' || key.startsWith('x-'))) return value;
    if (Array.isArray(value)) return normalizeNode(value, context, '');
    if (!isRecord(value)) return value;
    return lazyNode(value, context, named ? '' : parentKey === 'components' ? `components.${key}` : key);
  };
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string' || !Object.hasOwn(node, key)) return undefined;
        if (!children.has(key)) children.set(key, child(key));
        return children.get(key);
      },
      has: (_target, key) => typeof key === 'string' && Object.hasOwn(node, key),
      ownKeys: () => [],
      getOwnPropertyDescriptor: () => undefined,
    },
  );
}
