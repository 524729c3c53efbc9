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
  /** `readOnly` and optional: left out of requests. */
  readonly skipInRequest: boolean;
  /** `writeOnly` and optional: left out of responses. */
  readonly skipInResponse: boolean;
}

/** Documents are immutable once loaded, so what a schema says is read once and kept with the schema. */
const factsByDocument = new WeakMap<JsonObject, WeakMap<JsonObject, SchemaFacts>>();

/** The facts of a raw schema of `document`, `$ref`s followed. */
export function schemaFacts(document: JsonObject, schema: unknown): SchemaFacts {
  const resolved = derefSchema(document, schema);
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
  /** The numbers, then the strings, of a non-empty `enum`. */
  readonly numberEnum: readonly number[] | undefined;
  readonly stringEnum: readonly string[] | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly exclusiveMinimum: number | undefined;
  readonly exclusiveMaximum: number | undefined;
  readonly multipleOf: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  /** `pattern` without its anchors, for faker's `fromRegExp`. */
  readonly unanchoredPattern: string | undefined;
  readonly formatRule: StringRule | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly uniqueItems: boolean;

  readonly #document: JsonObject;
  /** A pattern that does not compile constrains nothing. */
  readonly #pattern: RegExp | undefined;
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
    this.isInteger = this.types.includes('integer');
    const values = schema['enum'];
    this.enumValues = Array.isArray(values) ? values : undefined;
    const listed = this.enumValues !== undefined && this.enumValues.length > 0 ? this.enumValues : undefined;
    this.numberEnum = listed?.filter((v) => typeof v === 'number');
    this.stringEnum = listed?.filter((v) => typeof v === 'string');
    this.minimum = num(schema['minimum']);
    this.maximum = num(schema['maximum']);
    this.exclusiveMinimum = num(schema['exclusiveMinimum']);
    this.exclusiveMaximum = num(schema['exclusiveMaximum']);
    this.multipleOf = num(schema['multipleOf']);
    this.minLength = num(schema['minLength']);
    this.maxLength = num(schema['maxLength']);
    const pattern = schema['pattern'];
    this.unanchoredPattern =
      typeof pattern === 'string' ? pattern.replace(/^\^/, '').replace(/\$$/, '') : undefined;
    this.#pattern = typeof pattern === 'string' ? compile(pattern) : undefined;
    const format = schema['format'];
    this.formatRule = typeof format === 'string' ? ruleForFormat(format) : undefined;
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
    return (this.#branch ??= schemaFacts(this.#document, this.#mergeBranch(this.#branches)));
  }

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

  /** Whether a string meets `minLength`, `maxLength` (in code points) and `pattern`. */
  fitsString(value: string): boolean {
    if (this.minLength !== undefined || this.maxLength !== undefined) {
      const length = codePointLength(value);
      if (this.minLength !== undefined && length < this.minLength) return false;
      if (this.maxLength !== undefined && length > this.maxLength) return false;
    }
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

  #mergeBranch(branches: readonly unknown[]): JsonObject {
    const document = this.#document;
    const branch: unknown =
      branches.find((b) => !schemaTypes(derefSchema(document, b)).every((t) => t === 'null')) ?? branches[0];
    const rest = Object.fromEntries(
      Object.entries(this.schema).filter(([key]) => key !== 'oneOf' && key !== 'anyOf'),
    );
    return { ...rest, ...derefSchema(document, branch) };
  }

  #readProperties(): PropertyFacts[] {
    const { properties, required } = objectProperties(this.#document, this.schema);
    return Object.entries(properties).map(([name, schema]) => {
      const facts = schemaFacts(this.#document, schema);
      const isRequired = required.has(name);
      return {
        name,
        field: fieldName(name),
        facts,
        required: isRequired,
        skipInRequest: facts.schema['readOnly'] === true && !isRequired,
        skipInResponse: facts.schema['writeOnly'] === true && !isRequired,
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
