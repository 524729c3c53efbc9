import type { Faker } from '@faker-js/faker';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { MockgramError } from '../errors.ts';
import { isJsonMediaType } from '../http/mediaType.ts';
import { generateValue, type GenerationContext } from '../mock/generateValue.ts';
import { derefSchema, objectProperties } from '../mock/schemaView.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { OperationSpec, ParameterLocation, ParameterSpec, SpecIndex } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { diagnosticsFromAjv, summarizeDiagnostics } from '../validate/diagnostic.ts';
import { USER_AGENT, type RequestParts } from './renderRequest.ts';
import type { HeaderLine } from './types.ts';

export interface BaselineOptions {
  /** The operator's headers (credentials and anything else), sent on every request. */
  readonly headers: readonly HeaderLine[];
  /** Values for parameters (and top-level body properties) that must name real resources on the target. */
  readonly params: Readonly<Record<string, string>>;
  readonly faker: Faker;
  readonly now: Date;
}

export interface PositiveBody {
  /** `example:<name>`, `generated` or `generated-minimal`. */
  readonly name: string;
  readonly description: string;
  readonly value: unknown;
}

/** A valid request for one operation, the bodies positive cases send, and what negative cases start from. */
export interface Baseline {
  readonly parts: RequestParts;
  readonly bodies: readonly PositiveBody[];
  readonly bodySchema: unknown;
  readonly validateBody: ValidateFunction | undefined;
  /** Things left out, and why (an invalid example, an unsupported media type...). */
  readonly notes: readonly string[];
}

/** Header parameters OpenAPI says are described elsewhere. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function isPlannedParameter(parameter: ParameterSpec): boolean {
  return parameter.in !== 'header' || !RESERVED_HEADERS.has(parameter.name);
}

/**
 * Builds the valid request every case starts from: path parameters from `--param` (else the spec's example, else
 * generated), required query and header parameters, the operator's headers, and the documented examples and
 * generated bodies, each checked against the operation's own validators.
 */
export function buildBaseline(
  spec: SpecIndex,
  operation: OperationSpec,
  validators: OperationValidators,
  options: BaselineOptions,
): Baseline {
  const notes: string[] = [];
  const given = new Set(options.headers.map(([name]) => name.toLowerCase()));
  const pathParams: Record<string, string> = {};
  const query: [string, string][] = [];
  const headers: HeaderLine[] = [USER_AGENT, ...options.headers];
  const cookies: string[] = [];
  for (const parameter of operation.parameters.filter(isPlannedParameter)) {
    const fromOperator = options.params[parameter.name];
    if (parameter.in === 'header' && given.has(parameter.name)) continue;
    if (!parameter.required && fromOperator === undefined) continue;
    const value = fromOperator ?? parameterValue(spec, parameter, options);
    if (value === undefined) {
      notes.push(`${operation.id}: no value for ${parameter.in} parameter '${parameter.name}'`);
      continue;
    }
    if (parameter.in === 'path') pathParams[parameter.name] = value;
    else if (parameter.in === 'query') query.push([parameter.name, value]);
    else if (parameter.in === 'header') headers.push([parameter.name, value]);
    else cookies.push(`${parameter.name}=${value}`);
  }
  if (cookies.length > 0 && !given.has('cookie')) headers.push(['Cookie', cookies.join('; ')]);

  const parts: RequestParts = {
    operation,
    method: operation.method.toUpperCase(),
    pathParams,
    query,
    headers,
    mediaType: undefined,
    body: undefined,
  };
  for (const location of ['path', 'query', 'header'] as const) {
    const errors = parameterErrors(operation, validators, location, parts);
    if (errors.length === 0) continue;
    const problem = summarizeDiagnostics(diagnosticsFromAjv(location, errors));
    const fromOperator = operation.parameters.some(
      (p) => p.in === location && options.params[p.name] !== undefined,
    );
    if (fromOperator)
      throw new MockgramError('INVALID_OPTION', `--param: ${problem} (operation ${operation.id})`);
    notes.push(`${operation.id}: the generated ${location} parameters are not valid: ${problem}`);
  }

  const body = planBodies(spec, operation, validators, options, notes);
  const [first] = body.bodies;
  return {
    parts: first ? { ...parts, mediaType: body.mediaType, body: first.value } : parts,
    bodies: body.bodies,
    bodySchema: body.schema,
    validateBody: body.validate,
    notes,
  };
}

/** What the operation's validator says about the parameters of one location (empty when they are valid). */
export function parameterErrors(
  operation: OperationSpec,
  validators: OperationValidators,
  location: 'path' | 'query' | 'header',
  parts: Pick<RequestParts, 'pathParams' | 'query' | 'headers'>,
): readonly ErrorObject[] {
  const validate = validators.parameters.get(location);
  if (!validate) return [];
  return validate(parameterObject(operation, location, parts)) ? [] : (validate.errors ?? []);
}

function parameterObject(
  operation: OperationSpec,
  location: ParameterLocation,
  parts: Pick<RequestParts, 'pathParams' | 'query' | 'headers'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== location || !isPlannedParameter(parameter)) continue;
    const value =
      location === 'path'
        ? parts.pathParams[parameter.name]
        : location === 'query'
          ? parts.query.find(([name]) => name === parameter.name)?.[1]
          : parts.headers.find(([name]) => name.toLowerCase() === parameter.name)?.[1];
    if (value !== undefined) out[parameter.name] = value;
  }
  return out;
}

function parameterValue(
  spec: SpecIndex,
  parameter: ParameterSpec,
  options: BaselineOptions,
): string | undefined {
  const schema = parameter.schema?.schema;
  const resolved = derefSchema(spec.document, schema);
  const examples: unknown = resolved['examples'];
  const value: unknown =
    parameter.example ??
    resolved['example'] ??
    (Array.isArray(examples) ? (examples as unknown[])[0] : undefined) ??
    generateValue(schema ?? { type: 'string' }, requestContext(spec, options), parameter.name);
  return toParameterText(value);
}

/** A value as it travels in a path, query or header (arrays comma-separated); objects are not planned. */
export function toParameterText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
    return value.map(String).join(',');
  return undefined;
}

/** What `generateValue` needs to make request values for this spec. */
export function requestContext(
  spec: SpecIndex,
  options: Pick<BaselineOptions, 'faker' | 'now'>,
): GenerationContext {
  return { faker: options.faker, document: spec.document, now: options.now, direction: 'request' };
}

interface PlannedBodies {
  readonly mediaType: string | undefined;
  readonly schema: unknown;
  readonly validate: ValidateFunction | undefined;
  readonly bodies: PositiveBody[];
}

function planBodies(
  spec: SpecIndex,
  operation: OperationSpec,
  validators: OperationValidators,
  options: BaselineOptions,
  notes: string[],
): PlannedBodies {
  const content = operation.requestBody?.content ?? [];
  if (content.length === 0)
    return { mediaType: undefined, schema: undefined, validate: undefined, bodies: [] };
  const media =
    content.find((m) => isJsonMediaType(m.mediaType) && !m.mediaType.includes('*')) ??
    content.find((m) => m.mediaType.includes('*')) ??
    content.find((m) => m.mediaType === 'application/x-www-form-urlencoded');
  if (!media) {
    notes.push(
      `${operation.id}: request bodies of ${content.map((m) => m.mediaType).join(', ')} are not planned (JSON and forms are)`,
    );
    return { mediaType: undefined, schema: undefined, validate: undefined, bodies: [] };
  }
  const mediaType = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
  const validate = validators.bodies.get(media.mediaType);
  const schema = media.schema?.schema;
  const candidates: PositiveBody[] = [...media.examples].map(([name, value]) => ({
    name: `example:${name}`,
    description: `documented example '${name}'`,
    value,
  }));
  if (schema !== undefined) {
    const generated = generateValue(schema, requestContext(spec, options));
    candidates.push({ name: 'generated', description: 'a body generated from the schema', value: generated });
    candidates.push({
      name: 'generated-minimal',
      description: 'a generated body with only the required properties',
      value: onlyRequired(spec.document, schema, generated),
    });
  }
  const bodyProperties = new Set(Object.keys(objectProperties(spec.document, schema).properties));
  const overrides = Object.entries(options.params).filter(([name]) => bodyProperties.has(name));
  const seen = new Set<string>();
  const bodies: PositiveBody[] = [];
  for (const candidate of candidates) {
    const value =
      overrides.length > 0 && isRecord(candidate.value)
        ? { ...candidate.value, ...Object.fromEntries(overrides) }
        : candidate.value;
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    if (validate && !validate(value)) {
      const problem = summarizeDiagnostics(diagnosticsFromAjv('body', validate.errors ?? []));
      if (overrides.length > 0 && candidate.name === 'generated')
        throw new MockgramError('INVALID_OPTION', `--param: ${problem} (operation ${operation.id})`);
      notes.push(`${operation.id}: ${candidate.description} is not valid, not sent: ${problem}`);
      continue;
    }
    bodies.push({ ...candidate, value });
  }
  return { mediaType, schema, validate, bodies };
}

/** The value with every optional property left out, recursively. */
function onlyRequired(document: JsonObject, schema: unknown, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = derefSchema(document, schema)['items'];
    return value.map((item: unknown) => onlyRequired(document, items, item));
  }
  if (!isRecord(value)) return value;
  const { properties, required } = objectProperties(document, schema);
  const out: JsonObject = {};
  for (const [name, item] of Object.entries(value)) {
    if (required.has(name)) out[name] = onlyRequired(document, properties[name], item);
  }
  return out;
}
