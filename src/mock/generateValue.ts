import type { Faker } from '@faker-js/faker';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { formatLikeExample } from './formatTimestamp.ts';
import {
  isIdentifierName,
  isSecretName,
  isTelegramTokenName,
  maskSecret,
  stringForFormat,
  stringForName,
  telegramBotToken,
} from './realisticValues.ts';
import { derefSchema, objectProperties, schemaTypes } from './schemaView.ts';

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
/** Optional properties stop here, so recursive schemas give readable, small documents. */
const OPTIONAL_DEPTH = 4;

/** Generates a value valid against `schema`, shaped by field names, formats, defaults and examples to look real. */
export function generateValue(
  schema: unknown,
  context: GenerationContext,
  name = '',
  example?: unknown,
  depth = 0,
): unknown {
  const resolved = derefSchema(context.document, schema);
  if ('const' in resolved) return structuredClone<unknown>(resolved['const']);
  const branches = [resolved['oneOf'], resolved['anyOf']].find((list): list is unknown[] =>
    Array.isArray(list),
  );
  if (branches && branches.length > 0) {
    const branch: unknown =
      branches.find((b) => !schemaTypes(derefSchema(context.document, b)).every((t) => t === 'null')) ??
      branches[0];
    return generateValue(
      { ...withoutKeys(resolved, 'oneOf', 'anyOf'), ...derefSchema(context.document, branch) },
      context,
      name,
      example,
      depth,
    );
  }
  if ('default' in resolved) return structuredClone<unknown>(resolved['default']);
  const examples: unknown = resolved['examples'];
  const guide: unknown =
    example ?? resolved['example'] ?? (Array.isArray(examples) ? (examples as unknown[])[0] : undefined);
  switch (pickType(resolved)) {
    case 'null':
      return null;
    case 'object':
      return generateObject(resolved, context, guide, depth);
    case 'array':
      return generateArray(resolved, context, name, guide, depth);
    case 'number':
    case 'integer':
      return generateNumber(resolved, context, name, guide);
    case 'boolean':
      return generateBoolean(context, name, guide);
    default:
      return generateString(resolved, context, name, guide);
  }
}

function pickType(schema: JsonObject): string {
  const types = schemaTypes(schema);
  const concrete = types.find((t) => t !== 'null');
  if (concrete) return concrete;
  if (types.length > 0) return 'null';
  if (isRecord(schema['properties']) || Array.isArray(schema['allOf'])) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return typeof schema['enum'][0];
  return 'string';
}

function generateObject(
  schema: JsonObject,
  context: GenerationContext,
  example: unknown,
  depth: number,
): JsonObject {
  const { properties, required } = objectProperties(context.document, schema);
  const sample = isRecord(example) ? example : {};
  const echo = depth === 0 && context.direction === 'response' && isRecord(context.echo) ? context.echo : {};
  const out: JsonObject = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (depth >= OPTIONAL_DEPTH && !required.has(name)) continue;
    const property = derefSchema(context.document, propertySchema);
    if (property[context.direction === 'request' ? 'readOnly' : 'writeOnly'] === true && !required.has(name))
      continue;
    out[name] =
      echoed(name, property, echo[name]) ??
      generateValue(propertySchema, context, name, sample[name], depth + 1);
  }
  const extra = schema['additionalProperties'];
  if (Object.keys(properties).length === 0 && isRecord(extra) && depth < MAX_DEPTH) {
    for (const key of context.faker.helpers.uniqueArray(() => context.faker.word.noun(), 2)) {
      out[key] = generateValue(extra, context, key, undefined, depth + 1);
    }
  }
  return out;
}

/** A request field echoed into the response when it still fits the response field's schema. */
function echoed(name: string, schema: JsonObject, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && isSecretName(name)) return maskSecret(value);
  const types = schemaTypes(schema);
  const type = Array.isArray(value) ? 'array' : typeof value;
  if (types.length > 0 && !types.includes(type) && !(type === 'number' && types.includes('integer')))
    return undefined;
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) return undefined;
  if (typeof value === 'string' && !fitsString(value, schema)) return undefined;
  return structuredClone(value);
}

function generateArray(
  schema: JsonObject,
  context: GenerationContext,
  name: string,
  example: unknown,
  depth: number,
): unknown[] {
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : depth >= MAX_DEPTH ? 0 : 1;
  const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Math.max(min, 3);
  const count = context.faker.number.int({ min, max: Math.min(max, Math.max(min, 3)) });
  const itemExample: unknown = Array.isArray(example) ? (example as unknown[])[0] : undefined;
  const singular = name.endsWith('s') ? name.slice(0, -1) : name;
  const items = Array.from({ length: count }, () =>
    generateValue(schema['items'] ?? {}, context, singular, itemExample, depth + 1),
  );
  if (schema['uniqueItems'] !== true) return items;
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(JSON.stringify(item)) && seen.add(JSON.stringify(item)));
}

function generateNumber(
  schema: JsonObject,
  context: GenerationContext,
  name: string,
  example: unknown,
): number {
  const { faker } = context;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0)
    return faker.helpers.arrayElement(schema['enum'].filter((v) => typeof v === 'number'));
  const identifier = isIdentifierName(name);
  if (typeof example === 'number' && !identifier && fitsNumber(example, schema)) return example;
  const integer = schemaTypes(schema).includes('integer') || identifier;
  const step = integer ? 1 : 0.01;
  const min = num(schema['minimum']) ?? add(num(schema['exclusiveMinimum']), step) ?? (identifier ? 1 : 0);
  const max =
    num(schema['maximum']) ??
    add(num(schema['exclusiveMaximum']), -step) ??
    (identifier ? 999_999 : Math.max(min, 0) + 1000);
  const multipleOf = num(schema['multipleOf']);
  if (multipleOf !== undefined) {
    const first = Math.ceil(min / multipleOf);
    return faker.number.int({ min: first, max: Math.max(first, Math.floor(max / multipleOf)) }) * multipleOf;
  }
  return integer
    ? faker.number.int({ min: Math.ceil(min), max: Math.floor(max) })
    : faker.number.float({ min, max, fractionDigits: 2 });
}

function generateBoolean(context: GenerationContext, name: string, example: unknown): boolean {
  if (/^(success|ok|succeeded)$/i.test(name) && context.status !== undefined) return context.status < 400;
  return typeof example === 'boolean' ? example : context.faker.datatype.boolean();
}

function generateString(
  schema: JsonObject,
  context: GenerationContext,
  name: string,
  example: unknown,
): string {
  const { faker, now } = context;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) {
    return typeof example === 'string' && schema['enum'].includes(example)
      ? example
      : faker.helpers.arrayElement(schema['enum'].filter((v): v is string => typeof v === 'string'));
  }
  if (context.direction === 'response' && isSecretName(name)) {
    return maskSecret(isTelegramTokenName(name) ? telegramBotToken(faker) : faker.string.alphanumeric(32));
  }
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const candidates = [
    format === undefined ? undefined : stringForFormat(format, faker, now),
    name === '' ? undefined : stringForName(name, faker, now),
    formatLikeExample(example, now, context.microseconds),
    typeof example === 'string' ? example : undefined,
  ];
  const fitting = candidates.find(
    (value): value is string => value !== undefined && fitsString(value, schema),
  );
  if (fitting !== undefined) return fitting;
  if (typeof schema['pattern'] === 'string') {
    const fromPattern = tryPattern(schema['pattern'], faker);
    if (fromPattern !== undefined && fitsString(fromPattern, schema)) return fromPattern;
  }
  return fitLength(faker.lorem.words({ min: 1, max: 3 }), schema, faker);
}

function tryPattern(pattern: string, faker: Faker): string | undefined {
  try {
    return faker.helpers.fromRegExp(pattern.replace(/^\^/, '').replace(/\$$/, ''));
  } catch {
    return undefined;
  }
}

function fitsString(value: string, schema: JsonObject): boolean {
  const length = Array.from(value).length;
  if (typeof schema['minLength'] === 'number' && length < schema['minLength']) return false;
  if (typeof schema['maxLength'] === 'number' && length > schema['maxLength']) return false;
  if (typeof schema['pattern'] !== 'string') return true;
  try {
    return new RegExp(schema['pattern'], 'u').test(value);
  } catch {
    return true;
  }
}

function fitsNumber(value: number, schema: JsonObject): boolean {
  const min = num(schema['minimum']);
  const max = num(schema['maximum']);
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function fitLength(value: string, schema: JsonObject, faker: Faker): string {
  const min = num(schema['minLength']) ?? 0;
  const max = num(schema['maxLength']);
  let out = value;
  while (out.length < min) out += faker.string.alpha({ length: min - out.length, casing: 'lower' });
  return max === undefined ? out : out.slice(0, max);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function add(value: number | undefined, delta: number): number | undefined {
  return value === undefined ? undefined : value + delta;
}

function withoutKeys(schema: JsonObject, ...keys: string[]): JsonObject {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)));
}
