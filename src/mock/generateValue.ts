import type { Faker } from '@faker-js/faker';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { formatLikeExample } from './formatTimestamp.ts';
import { stringForPattern } from './patternString.ts';
import { fieldName, maskSecret, telegramBotToken, type FieldName } from './realisticValues.ts';
import { schemaFacts, type PropertyFacts, type SchemaFacts } from './schemaFacts.ts';
import { cloneJson } from '../spec/cloneJson.ts';

export interface GenerationContext {
  readonly faker: Faker;
  /** The raw document, to follow `$ref`s. */
  readonly document: JsonObject;
  /** One instant per message, so `createdAt` and `updatedAt` agree. */
  readonly now: Date;
  /** Sub-millisecond digits of `now` (0-999), for timestamps written with microseconds. */
  readonly microseconds?: number;
  readonly direction: 'request' | 'response';
  /** Status of the response being generated: `success`-style flags follow it. */
  readonly status?: number;
  /** The request body: response fields with the same top-level name echo it (secrets come back masked). */
  readonly echo?: unknown;
}

const MAX_DEPTH = 8;
/** Required properties nest no deeper than this. */
const MAX_NESTING = 24;
/** Optional properties stop here, so recursive schemas give readable, small documents. */
const OPTIONAL_DEPTH = 4;
/** Stands for a missing sample or echo: looking a name up in it finds what a fresh `{}` would. */
const NO_VALUES: Readonly<JsonObject> = Object.freeze({});

/**
 * Generates a value valid against `schema`, shaped by field names, formats, defaults and examples to look real.
 * What the schema says is read once per schema (see `schemaFacts`); only random draws, the clock and the request
 * are looked at per value.
 */
export function generateValue(
  schema: unknown,
  context: GenerationContext,
  name = '',
  example?: unknown,
  depth = 0,
): unknown {
  return generate(schemaFacts(context.document, schema), context, fieldName(name), example, depth);
}

function generate(
  facts: SchemaFacts,
  context: GenerationContext,
  field: FieldName,
  example: unknown,
  depth: number,
): unknown {
  if (facts.hasConst) return copyOf(facts.constValue);
  const listed = facts.enumValues;
  if (listed && listed.length > 0 && !facts.numberEnum && !facts.stringEnum)
    return copyOf(context.faker.helpers.arrayElement(listed));
  // A schema that requires itself (directly or round a cycle) has no finite value: stop with the least there is.
  if (depth > MAX_NESTING) return facts.kind === 'array' ? [] : facts.kind === 'object' ? {} : null;
  const branch = facts.branch;
  if (branch) return generate(branch, context, field, example, depth);
  // A default is the API's own value, unless it breaks the schema's rules (an empty `uri`, say).
  if (facts.hasDefault && (typeof facts.defaultValue !== 'string' || facts.fitsString(facts.defaultValue)))
    return copyOf(facts.defaultValue);
  const guide = example ?? facts.example;
  switch (facts.kind) {
    case 'null':
      return null;
    case 'object':
      return generateObject(facts, context, guide, depth);
    case 'array':
      return generateArray(facts, context, field, guide, depth);
    case 'number':
      return generateNumber(facts, context, field, guide);
    case 'boolean':
      return generateBoolean(context, field, guide);
    case 'string':
      return generateString(facts, context, field, guide);
  }
}

/** A copy the caller may mutate: objects are cloned, while strings, numbers, booleans and null need no copy. */
function copyOf(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    default:
      return cloneJson(value);
  }
}

function generateObject(
  facts: SchemaFacts,
  context: GenerationContext,
  example: unknown,
  depth: number,
): JsonObject {
  const sample = isRecord(example) ? example : NO_VALUES;
  const echo =
    depth === 0 && context.direction === 'response' && isRecord(context.echo) ? context.echo : NO_VALUES;
  const inRequest = context.direction === 'request';
  const { properties } = facts;
  const out: JsonObject = {};
  for (const property of properties) {
    if ((depth >= OPTIONAL_DEPTH || facts.requiredOnly) && !property.required) continue;
    if (inRequest ? property.skipInRequest : property.skipInResponse) continue;
    const { name } = property;
    out[name] =
      echoed(property, echo[name]) ??
      generate(property.facts, context, property.field, sample[name], depth + 1);
  }
  const extra = facts.additionalProperties;
  if (properties.length === 0 && extra && depth < MAX_DEPTH) {
    for (const key of context.faker.helpers.uniqueArray(() => context.faker.word.noun(), 2)) {
      out[key] = generate(extra, context, fieldName(key), undefined, depth + 1);
    }
  }
  return out;
}

/**
 * A request field echoed into the response when it still fits the response field's schema: a scalar, or a list of
 * scalars (objects are generated: a request's shape is rarely the answer's). Secrets come back masked.
 */
export function echoed(property: PropertyFacts, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const { facts } = property;
  if (typeof value === 'string' && property.field.isSecret) {
    const masked = maskSecret(value);
    return fitsScalar(facts, masked) ? masked : undefined;
  }
  if (Array.isArray(value)) {
    if (!facts.types.includes('array') && facts.types.length > 0) return undefined;
    if (facts.minItems !== undefined && value.length < facts.minItems) return undefined;
    if (facts.maxItems !== undefined && value.length > facts.maxItems) return undefined;
    const items = facts.items;
    return (value as unknown[]).every((item) => fitsScalar(items, item))
      ? [...(value as unknown[])]
      : undefined;
  }
  return fitsScalar(facts, value) ? value : undefined;
}

function fitsScalar(facts: SchemaFacts, value: unknown): boolean {
  const type = typeof value;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  const { types } = facts;
  if (facts.kind === 'object' || facts.kind === 'array') return false;
  if (types.length > 0 && !types.includes(type)) {
    if (!(type === 'number' && facts.isInteger && Number.isInteger(value))) return false;
  }
  if (type === 'number' && facts.isInteger && !types.includes('number') && !Number.isInteger(value))
    return false;
  if (type === 'number' && !facts.fitsNumber(value as number)) return false;
  if (facts.enumValues && !facts.enumValues.includes(value)) return false;
  if (facts.hasConst && facts.constValue !== value) return false;
  return typeof value !== 'string' || facts.fitsString(value);
}

function generateArray(
  facts: SchemaFacts,
  context: GenerationContext,
  field: FieldName,
  example: unknown,
  depth: number,
): unknown[] {
  const min = facts.minItems ?? (depth >= MAX_DEPTH ? 0 : 1);
  const max = facts.maxItems ?? Math.max(min, 3);
  const count = context.faker.number.int({ min, max: Math.min(max, Math.max(min, 3)) });
  const itemExample: unknown = Array.isArray(example) ? (example as unknown[])[0] : undefined;
  const item = fieldName(field.singular);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(generate(facts.items, context, item, itemExample, depth + 1));
  if (!facts.uniqueItems) return items;
  const seen = new Set<string | undefined>();
  return items.filter((value) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function generateNumber(
  facts: SchemaFacts,
  context: GenerationContext,
  field: FieldName,
  example: unknown,
): number {
  const { faker } = context;
  if (facts.numberEnum) return faker.helpers.arrayElement(facts.numberEnum);
  const identifier = field.isIdentifier;
  if (typeof example === 'number' && !identifier && facts.fitsNumber(example)) return example;
  const integer = facts.isInteger || identifier;
  const step = integer ? 1 : 0.01;
  const min = facts.minimum ?? add(facts.exclusiveMinimum, step) ?? (identifier ? 1 : 0);
  const max =
    facts.maximum ?? add(facts.exclusiveMaximum, -step) ?? (identifier ? 999_999 : Math.max(min, 0) + 1000);
  const { multipleOf } = facts;
  if (multipleOf !== undefined) {
    const first = Math.ceil(min / multipleOf);
    return faker.number.int({ min: first, max: Math.max(first, Math.floor(max / multipleOf)) }) * multipleOf;
  }
  return integer
    ? faker.number.int({ min: Math.ceil(min), max: Math.floor(max) })
    : faker.number.float({ min, max, fractionDigits: 2 });
}

function generateBoolean(context: GenerationContext, field: FieldName, example: unknown): boolean {
  if (field.isStatusFlag && context.status !== undefined) return context.status < 400;
  return typeof example === 'boolean' ? example : context.faker.datatype.boolean();
}

function generateString(
  facts: SchemaFacts,
  context: GenerationContext,
  field: FieldName,
  example: unknown,
): string {
  const { faker, now } = context;
  if (facts.stringEnum) {
    return typeof example === 'string' && facts.enumValues?.includes(example)
      ? example
      : faker.helpers.arrayElement(facts.stringEnum);
  }
  if (context.direction === 'response' && field.isSecret) {
    const masked = maskSecret(
      field.isTelegramToken ? telegramBotToken(faker) : faker.string.alphanumeric(32),
    );
    // A secret-sounding name is not always a secret (`access_tokens_url` is a URL): the schema decides.
    if (facts.fitsString(masked)) return masked;
  }
  // Both rules draw from faker even when the first one's value is taken, so seeded answers stay the same.
  const byFormat = facts.formatRule?.(faker, now);
  const byName = field.stringRule?.(faker, now);
  if (byFormat !== undefined && facts.fitsString(byFormat)) return byFormat;
  if (byName !== undefined && facts.fitsString(byName)) return byName;
  const likeExample = formatLikeExample(example, now, context.microseconds);
  if (likeExample !== undefined && facts.fitsString(likeExample)) return likeExample;
  if (typeof example === 'string' && facts.fitsString(example)) return example;
  if (facts.pattern !== undefined) {
    const fromPattern = stringForPattern(facts.pattern, faker);
    if (fromPattern !== undefined && facts.fitsString(fromPattern)) return fromPattern;
  }
  return fitLength(faker.lorem.words({ min: 1, max: 3 }), facts, faker);
}

function fitLength(value: string, facts: SchemaFacts, faker: Faker): string {
  const min = facts.minLength ?? 0;
  const max = facts.maxLength;
  let out = value;
  while (out.length < min) out += faker.string.alpha({ length: min - out.length, casing: 'lower' });
  return max === undefined ? out : out.slice(0, max);
}

function add(value: number | undefined, delta: number): number | undefined {
  return value === undefined ? undefined : value + delta;
}
