import { allowsType, derefSchema, schemaTypes } from '../mock/schemaView.ts';
import type { JsonObject } from '../spec/isRecord.ts';

/** A value that breaks one rule of a schema. */
export interface InvalidValue {
  /** The keyword it breaks: `type`, `enum`, `format`, `pattern`, `minLength`... */
  readonly rule: string;
  readonly value: unknown;
  /** Completes "<subject> ...", e.g. `is 12345, not a string`. */
  readonly description: string;
}

const INVALID_FORMATS: Readonly<Record<string, string>> = {
  uuid: 'not-a-uuid',
  email: 'not-an-email',
  'idn-email': 'not-an-email',
  'date-time': 'not-a-date-time',
  date: 'not-a-date',
  time: 'not-a-time',
  uri: 'not a uri',
  url: 'not a url',
  iri: 'not an iri',
  hostname: '-not-a-hostname-',
  ipv4: '999.999.999.999',
  ipv6: 'not-an-ipv6',
  byte: '%%% not base64 %%%',
  duration: 'not-a-duration',
  regex: '(unclosed',
};

/** For each JSON type a schema may forbid, a value of that type. */
const TYPE_SAMPLES: readonly (readonly [type: string, value: unknown])[] = [
  ['string', 'wrong-type'],
  ['number', 12345],
  ['boolean', true],
  ['object', {}],
  ['array', []],
  ['null', null],
];
/** An object is most often confused with an array (a JSON list where a record was expected). */
const OBJECT_SAMPLES = [['array', []], ...TYPE_SAMPLES] as const;

/**
 * Values that each break exactly one rule of `schema` (type, enum, const, format, pattern, lengths, ranges, item
 * counts). `valid` is a value the schema accepts: length and range violations are made from it, so they keep
 * its other properties. The caller still checks each value against the compiled validator: a schema combining
 * rules (`oneOf`, `nullable`...) may accept some of them.
 */
export function invalidValues(schema: unknown, document: JsonObject, valid?: unknown): InvalidValue[] {
  const resolved = derefSchema(document, schema);
  const out: InvalidValue[] = [];
  const types = schemaTypes(resolved);
  const typed = types.length > 0 || resolved['properties'] !== undefined || resolved['items'] !== undefined;
  if (typed) {
    const samples = allowsType(document, resolved, 'object') ? OBJECT_SAMPLES : TYPE_SAMPLES;
    const wrong = samples.find(([type]) => !allowsType(document, resolved, type));
    if (wrong) {
      const [type, value] = wrong;
      out.push({
        rule: 'type',
        value: structuredClone(value),
        description: `is ${describe(value)} (${type}), not ${article(expectedTypes(types))}`,
      });
    }
  }
  const allowed: unknown = resolved['enum'];
  if (Array.isArray(allowed) && allowed.length > 0) {
    const outside = outsideEnum(allowed);
    if (outside !== undefined)
      out.push({ rule: 'enum', value: outside, description: `is ${describe(outside)}, outside the enum` });
  }
  if ('const' in resolved) {
    const other = outsideEnum([resolved['const']]);
    if (other !== undefined)
      out.push({ rule: 'const', value: other, description: `is ${describe(other)}, not the constant` });
  }
  out.push(
    ...stringViolations(resolved, valid),
    ...numberViolations(resolved),
    ...arrayViolations(resolved, valid),
  );
  return out;
}

function stringViolations(schema: JsonObject, valid: unknown): InvalidValue[] {
  const out: InvalidValue[] = [];
  const base = typeof valid === 'string' ? valid : '';
  const format = schema['format'];
  if (typeof format === 'string') {
    const bad = INVALID_FORMATS[format];
    if (bad !== undefined)
      out.push({ rule: 'format', value: bad, description: `is ${describe(bad)}, not a valid ${format}` });
  }
  const pattern = schema['pattern'];
  if (typeof pattern === 'string') {
    const bad = breakPattern(pattern, schema);
    if (bad !== undefined)
      out.push({ rule: 'pattern', value: bad, description: `is ${describe(bad)}, not matching ${pattern}` });
  }
  const minLength = schema['minLength'];
  if (typeof minLength === 'number' && minLength > 0) {
    const short = Array.from(base.padEnd(minLength, 'x'))
      .slice(0, minLength - 1)
      .join('');
    out.push({
      rule: 'minLength',
      value: short,
      description: `is ${describe(short)}, shorter than ${minLength} characters`,
    });
  }
  const maxLength = schema['maxLength'];
  if (typeof maxLength === 'number') {
    const long = base.padEnd(maxLength + 1, 'x');
    out.push({
      rule: 'maxLength',
      value: long,
      description: `has ${maxLength + 1} characters, over ${maxLength}`,
    });
  }
  return out;
}

function numberViolations(schema: JsonObject): InvalidValue[] {
  const out: InvalidValue[] = [];
  const step = schemaTypes(schema).includes('integer') ? 1 : 0.5;
  const minimum = schema['minimum'];
  const maximum = schema['maximum'];
  const exclusiveMinimum = schema['exclusiveMinimum'];
  const exclusiveMaximum = schema['exclusiveMaximum'];
  const push = (rule: string, value: number, bound: string): void => {
    out.push({ rule, value, description: `is ${value}, ${bound}` });
  };
  // OpenAPI 3.0 writes an exclusive bound as `minimum` plus `exclusiveMinimum: true`.
  if (typeof minimum === 'number') {
    if (exclusiveMinimum === true) push('exclusiveMinimum', minimum, `not above ${minimum}`);
    else push('minimum', minimum - step, `below the minimum ${minimum}`);
  }
  if (typeof maximum === 'number') {
    if (exclusiveMaximum === true) push('exclusiveMaximum', maximum, `not below ${maximum}`);
    else push('maximum', maximum + step, `above the maximum ${maximum}`);
  }
  if (typeof exclusiveMinimum === 'number')
    push('exclusiveMinimum', exclusiveMinimum, `not above ${exclusiveMinimum}`);
  if (typeof exclusiveMaximum === 'number')
    push('exclusiveMaximum', exclusiveMaximum, `not below ${exclusiveMaximum}`);
  const format = schema['format'];
  if (format === 'int32') push('format', 2 ** 31, 'outside int32');
  if (format === 'int64') push('format', 1.5, 'not an int64');
  return out;
}

function arrayViolations(schema: JsonObject, valid: unknown): InvalidValue[] {
  const out: InvalidValue[] = [];
  const items: unknown[] = Array.isArray(valid) ? (valid as unknown[]) : [];
  const minItems = schema['minItems'];
  if (typeof minItems === 'number' && minItems > 0 && items.length >= minItems - 1) {
    const fewer = items.slice(0, minItems - 1);
    out.push({
      rule: 'minItems',
      value: fewer,
      description: `has ${fewer.length} items, fewer than ${minItems}`,
    });
  }
  const maxItems = schema['maxItems'];
  const [first] = items;
  if (typeof maxItems === 'number' && first !== undefined) {
    const more = [
      ...items,
      ...Array.from({ length: maxItems + 1 - items.length }, () => structuredClone(first)),
    ];
    out.push({
      rule: 'maxItems',
      value: more,
      description: `has ${more.length} items, more than ${maxItems}`,
    });
  }
  return out;
}

function outsideEnum(allowed: readonly unknown[]): unknown {
  if (allowed.every((v) => typeof v === 'number')) return Math.max(...allowed) + 1;
  const candidates = ['not-in-enum', 'not-in-enum-2', 'NOT_IN_ENUM'];
  return candidates.find((c) => !allowed.includes(c));
}

/** A string of an acceptable length that the pattern rejects. */
function breakPattern(pattern: string, schema: JsonObject): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(min, 12);
  const length = Math.max(1, Math.min(Math.max(min, 3), max));
  const candidates = ['!', '~', ' ', '#', 'x', '0'].map((c) => c.repeat(length));
  return candidates.find((c) => !regex.test(c));
}

function expectedTypes(types: readonly string[]): string {
  return types.length === 0 ? 'object' : types.join(' or ');
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function describe(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
