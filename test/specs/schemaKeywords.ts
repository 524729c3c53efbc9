import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_VALUES = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'contentSchema',
];

export interface Subschema {
  /** Pointer tokens from the parent schema to this one, e.g. `['properties', 'id']`. */
  readonly tokens: readonly string[];
  readonly schema: JsonObject;
}

/** The schemas directly inside `schema` (one level deep), found through the keywords that hold schemas. */
export function listSubschemas(schema: JsonObject): Subschema[] {
  const found: Subschema[] = [];
  const add = (tokens: string[], value: unknown): void => {
    if (isRecord(value)) found.push({ tokens, schema: value });
  };
  for (const keyword of SCHEMA_MAPS) {
    const map = schema[keyword];
    if (isRecord(map)) for (const [name, value] of Object.entries(map)) add([keyword, name], value);
  }
  for (const keyword of [...SCHEMA_LISTS, ...SCHEMA_VALUES]) {
    const value = schema[keyword];
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        add([keyword, String(index)], item);
      });
    } else add([keyword], value);
  }
  return found;
}
