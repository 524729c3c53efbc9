import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { fieldName, ruleForFormat, type FieldName, type StringRule } from './realisticValues.ts';
import { derefSchema, objectProperties, schemaTypes } from './schemaView.ts';

/** Which generator a schema's values come from. */
export type ValueKind = 'null' | 'object' | 'array' | 'number' | 'boolean' | 'string';

/** One property of an object schema, as generation walks it. */
export interface PropertyFacts {
  readonly name: string;
  readonly field: FieldName;
  /** Facts of the property's own schema (`$ref` followed, `oneOf`/`anyOf` not merged). */
  readonly facts: SchemaFacts;
  readonly required: boolean;
  /** `readOnly`: left out of requests. */
  readonly skipInRequest: boolean;
  /** `writeOnly`: left out of responses. */
  readonly skipInResponse: boolean;
}

/** Documents are immutable once loaded, so what a schema says is read once and kept with the schema. */
const factsByDocument = new WeakMap<JsonObject, WeakMap<JsonObject, SchemaFacts>>();

/** The facts of a raw schema of `document`, `$ref`s followed. */
export function schemaFacts(document: JsonObject, schema: unknown): SchemaFacts {
  const resolved = withAllOfMerged(document, derefSchema(document, schema));
  let cache = factsByDocument.get(document);
  if (!cache) factsByDocument.set(document, (cache = new WeakMap()));
  let facts = cache.get(resolved);
  if (!facts) cache.set(resolved, (facts = new SchemaFacts(document, resolved)));
  return facts;
}

/**
 * What value generation needs from one resolved schema, read once. Its own keywords are read when it is built;
 * the schemas it leads to (branches, properties, items) are looked up on first use, so recursive schemas are fine.
 */
export class SchemaFacts {
  readonly schema: JsonObject;
  readonly hasConst: boolean;
  readonly constValue: unknown;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  /** `example`, else the first of `examples`. */
  readonly example: unknown;
  readonly types: readonly string[];
  readonly kind: ValueKind;
  readonly isInteger: boolean;
  /** `enum` when it is a list, even an empty one. */
  readonly enumValues: readonly unknown[] | undefined;
  /** The numbers, then the strings, of an `enum`, when it lists some. */
  readonly numberEnum: readonly number[] | undefined;
  readonly stringEnum: readonly string[] | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly exclusiveMinimum: number | undefined;
  readonly exclusiveMaximum: number | undefined;
  readonly multipleOf: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly pattern: string | undefined;
  readonly formatRule: StringRule | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly uniqueItems: boolean;

  readonly #document: JsonObject;
  /** A pattern that does not compile constrains nothing. */
  readonly #pattern: RegExp | undefined;
  /** The check of a `format` the validators know (an unknown one constrains nothing). */
  readonly #format: ((value: string) => boolean) | undefined;
  /** The `oneOf` (else `anyOf`) alternatives, when there are some. */
  readonly #branches: readonly unknown[] | undefined;
  #branch: SchemaFacts | undefined;
  #properties: readonly PropertyFacts[] | undefined;
  #items: SchemaFacts | undefined;
  #additionalProperties: SchemaFacts | undefined;

  constructor(document: JsonObject, schema: JsonObject) {
    this.#document = document;
    this.schema = schema;
    this.hasConst = 'const' in schema;
    this.constValue = schema['const'];
    this.hasDefault = 'default' in schema;
    this.defaultValue = schema['default'];
    const examples = schema['examples'];
    this.example = schema['example'] ?? (Array.isArray(examples) ? (examples as unknown[])[0] : undefined);
    this.types = schemaTypes(schema);
    this.kind = kindOf(schema, this.types);
    // `format: int32`/`int64` on a `number` still means whole numbers.
    this.isInteger =
      this.types.includes('integer') || schema['format'] === 'int32' || schema['format'] === 'int64';
    const values = schema['enum'];
    this.enumValues = Array.isArray(values) ? values : undefined;
    const listed = this.enumValues !== undefined && this.enumValues.length > 0 ? this.enumValues : undefined;
    const numbers = listed?.filter((v) => typeof v === 'number');
    const strings = listed?.filter((v) => typeof v === 'string');
    this.numberEnum = numbers !== undefined && numbers.length > 0 ? numbers : undefined;
    this.stringEnum = strings !== undefined && strings.length > 0 ? strings : undefined;
    this.minimum = num(schema['minimum']);
    this.maximum = num(schema['maximum']);
    this.exclusiveMinimum = num(schema['exclusiveMinimum']);
    this.exclusiveMaximum = num(schema['exclusiveMaximum']);
    this.multipleOf = num(schema['multipleOf']);
    this.minLength = num(schema['minLength']);
    this.maxLength = num(schema['maxLength']);
    const pattern = schema['pattern'];
    this.pattern = typeof pattern === 'string' ? pattern : undefined;
    this.#pattern = typeof pattern === 'string' ? compile(pattern) : undefined;
    const format = schema['format'];
    this.formatRule = typeof format === 'string' ? ruleForFormat(format) : undefined;
    this.#format = typeof format === 'string' ? formatCheck(format) : undefined;
    this.minItems = num(schema['minItems']);
    this.maxItems = num(schema['maxItems']);
    this.uniqueItems = schema['uniqueItems'] === true;
    const branches = [schema['oneOf'], schema['anyOf']].find((list) => Array.isArray(list));
    this.#branches = Array.isArray(branches) && branches.length > 0 ? (branches as unknown[]) : undefined;
  }

  /**
   * With `oneOf`/`anyOf`: the schema merged with its first alternative that names a non-null type (else its first),
   * which is what values are generated from.
   */
  get branch(): SchemaFacts | undefined {
    if (this.#branches === undefined) return undefined;
    if (this.#branch) return this.#branch;
    const { merged, requiredOnly } = this.#mergeBranch(this.#branches);
    this.#branch = schemaFacts(this.#document, merged);
    if (requiredOnly) this.#branch.requiredOnly = true;
    return this.#branch;
  }

  /**
   * Set on the branch chosen for a `oneOf` whose alternatives overlap: only its required properties are generated,
   * so the value does not also fit an alternative that requires fewer of them.
   */
  requiredOnly = false;

  /** Object properties, merged across `allOf`, in declaration order. */
  get properties(): readonly PropertyFacts[] {
    return (this.#properties ??= this.#readProperties());
  }

  get items(): SchemaFacts {
    return (this.#items ??= schemaFacts(this.#document, this.schema['items'] ?? {}));
  }

  /** The schema of extra keys, when `additionalProperties` is one. */
  get additionalProperties(): SchemaFacts | undefined {
    const extra = this.schema['additionalProperties'];
    if (!isRecord(extra)) return undefined;
    return (this.#additionalProperties ??= schemaFacts(this.#document, extra));
  }

  /** Whether a string meets `minLength`, `maxLength` (in code points), a known `format` and `pattern`. */
  fitsString(value: string): boolean {
    if (this.minLength !== undefined || this.maxLength !== undefined) {
      const length = codePointLength(value);
      if (this.minLength !== undefined && length < this.minLength) return false;
      if (this.maxLength !== undefined && length > this.maxLength) return false;
    }
    if (this.#format !== undefined && !this.#format(value)) return false;
    if (this.#pattern === undefined) return true;
    try {
      return this.#pattern.test(value);
    } catch {
      return true;
    }
  }

  fitsNumber(value: number): boolean {
    return (
      (this.minimum === undefined || value >= this.minimum) &&
      (this.maximum === undefined || value <= this.maximum)
    );
  }

  #mergeBranch(branches: readonly unknown[]): { merged: JsonObject; requiredOnly: boolean } {
    const document = this.#document;
    const resolved = branches.map((b) => withAllOfMerged(document, derefSchema(document, b)));
    const candidates = resolved.filter((b) => !schemaTypes(b).every((t) => t === 'null'));
    const oneOf = Array.isArray(this.schema['oneOf']);
    // For `oneOf`, the value must fit exactly one alternative: take the first object alternative whose required
    // properties do not include all those of another object alternative (then its required ones alone fit no other).
    const distinct = oneOf ? candidates.find((b) => isDistinct(b, candidates)) : undefined;
    const branch = distinct ?? candidates[0] ?? resolved[0] ?? {};
    const rest = Object.fromEntries(
      Object.entries(this.schema).filter(([key]) => key !== 'oneOf' && key !== 'anyOf'),
    );
    return { merged: { ...rest, ...branch }, requiredOnly: distinct !== undefined && candidates.length > 1 };
  }

  #readProperties(): PropertyFacts[] {
    const { properties, required } = objectProperties(this.#document, this.schema);
    const extra = this.schema['additionalProperties'];
    // A required name the schema does not describe still has to be there: its value follows additionalProperties.
    const described = { ...properties };
    for (const name of required) if (!(name in described)) described[name] = isRecord(extra) ? extra : {};
    return Object.entries(described).map(([name, schema]) => {
      const facts = schemaFacts(this.#document, schema);
      return {
        name,
        field: fieldName(name),
        facts,
        required: required.has(name),
        // OpenAPI: readOnly properties are not sent in requests, writeOnly ones not returned, required or not.
        skipInRequest: facts.schema['readOnly'] === true,
        skipInResponse: facts.schema['writeOnly'] === true,
      };
    });
  }
}

function kindOf(schema: JsonObject, types: readonly string[]): ValueKind {
  switch (types.find((t) => t !== 'null') ?? (types.length > 0 ? 'null' : impliedType(schema))) {
    case 'null':
      return 'null';
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** The type a schema without `type` implies by its other keywords. */
function impliedType(schema: JsonObject): string {
  if (isRecord(schema['properties']) || Array.isArray(schema['allOf'])) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return typeof schema['enum'][0];
  return 'string';
}

function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** Length in code points, as JSON Schema counts it (a lone surrogate counts as one). */
function codePointLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

const mergedAllOf = new WeakMap<JsonObject, JsonObject>();

/**
 * A schema with `allOf` as one schema holding what every part says (properties merged, `required` joined, the first
 * part to state a keyword wins, own keywords first), so values are generated from all of it at once.
 */
function withAllOfMerged(document: JsonObject, schema: JsonObject, depth = 0): JsonObject {
  const parts = schema['allOf'];
  if (!Array.isArray(parts) || depth > 16) return schema;
  const known = mergedAllOf.get(schema);
  if (known) return known;
  const merged: JsonObject = {};
  const properties: JsonObject = {};
  const required = new Set<unknown>();
  const absorb = (source: JsonObject): void => {
    for (const [key, value] of Object.entries(source)) {
      if (key === 'allOf' || key === '$ref') continue;
      if (key === 'properties' && isRecord(value)) {
        for (const [name, sub] of Object.entries(value)) properties[name] ??= sub;
      } else if (key === 'required' && Array.isArray(value)) {
        for (const name of value as unknown[]) required.add(name);
      } else if (!(key in merged)) merged[key] = value;
    }
  };
  absorb(schema);
  for (const part of parts as unknown[])
    absorb(withAllOfMerged(document, derefSchema(document, part), depth + 1));
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  if (required.size > 0) merged['required'] = [...required];
  if (merged['type'] === undefined && Object.keys(properties).length > 0) merged['type'] = 'object';
  mergedAllOf.set(schema, merged);
  return merged;
}

/** The test of a format as the validators apply it, when it is a string format they know. */
function formatCheck(format: string): ((value: string) => boolean) | undefined {
  const formats: Readonly<Record<string, unknown>> = fullFormats;
  const definition = Object.hasOwn(formats, format) ? formats[format] : undefined;
  if (definition instanceof RegExp) return (value) => definition.test(value);
  if (typeof definition === 'function')
    return (value) => Reflect.apply(definition, undefined, [value]) === true;
  if (isRecord(definition) && definition['type'] !== 'number' && definition['async'] !== true) {
    const validate = definition['validate'];
    if (validate instanceof RegExp) return (value) => validate.test(value);
    if (typeof validate === 'function')
      return (value) => Reflect.apply(validate, undefined, [value]) === true;
  }
  return undefined;
}

function requiredOf(schema: JsonObject): ReadonlySet<unknown> | undefined {
  const required = schema['required'];
  const isObject = schemaTypes(schema).includes('object') || isRecord(schema['properties']);
  if (!isObject) return undefined;
  return new Set(Array.isArray(required) ? (required as unknown[]) : []);
}

function isDistinct(branch: JsonObject, all: readonly JsonObject[]): boolean {
  const own = requiredOf(branch);
  if (own === undefined) return false;
  return all.every((other) => {
    if (other === branch) return true;
    const theirs = requiredOf(other);
    if (theirs === undefined) return !schemaTypes(other).includes('object') && schemaTypes(other).length > 0;
    return [...theirs].some((name) => !own.has(name));
  });
}
