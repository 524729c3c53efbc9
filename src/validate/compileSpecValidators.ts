import type { ValidateFunction } from 'ajv';
import { MockgramError } from '../errors.ts';
import { normalizeDocument } from '../schema/normalizeSchema.ts';
import type {
  HeaderSpec,
  OperationSpec,
  ParameterLocation,
  ParameterSpec,
  SpecIndex,
} from '../spec/types.ts';
import { createAjv, type SchemaValidatorFactory } from './createAjv.ts';

export interface ResponseValidators {
  readonly bodies: ReadonlyMap<string, ValidateFunction | undefined>;
  readonly headers: ValidateFunction | undefined;
}

/** Everything needed to check one operation's traffic, compiled once at start-up. */
export interface OperationValidators {
  readonly parameters: ReadonlyMap<ParameterLocation, ValidateFunction>;
  readonly bodies: ReadonlyMap<string, ValidateFunction | undefined>;
  readonly responses: ReadonlyMap<string, ResponseValidators>;
}

export interface SpecValidators {
  readonly operations: ReadonlyMap<OperationSpec, OperationValidators>;
  /**
   * Compiles a schema written by a user (e.g. a scenario rule) against the spec's own ajv, so it can `$ref` the
   * document; it is checked against the JSON Schema meta-schema first.
   */
  readonly compile: (schema: object) => ValidateFunction;
  readonly bodyAjv: SchemaValidatorFactory;
}

const DOCUMENT_ID = 'mockgram:document';
const DOCUMENT_PARTS = ['paths', 'components', 'webhooks'] as const;

/** Compiles one validator per operation part (path, query, header, cookie, each body and each response). */
export function compileSpecValidators(spec: SpecIndex): SpecValidators {
  const formats = new Set<string>();
  const normalized = normalizeDocument(spec.document, { version: spec.version, formats });
  const parameterAjv = createAjv(spec.version, 'parameters');
  const bodyAjv = createAjv(spec.version, 'bodies');
  // Only the parts of the document a `$ref` can point at; ajv sees their names as annotations, not schemas.
  const referenceable = Object.fromEntries(
    DOCUMENT_PARTS.filter((key) => key in normalized).map((key) => [key, normalized[key]]),
  );
  for (const ajv of [parameterAjv, bodyAjv]) {
    for (const format of formats) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
    for (const keyword of DOCUMENT_PARTS) ajv.addKeyword({ keyword });
    ajv.addSchema(referenceable, DOCUMENT_ID);
  }

  const compileAt = (ajv: SchemaValidatorFactory, schema: object, where: string): ValidateFunction => {
    try {
      return ajv.compile(schema);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new MockgramError('SPEC_SCHEMA_INVALID', `${spec.source}: ${where}: ${reason}`, { cause });
    }
  };
  const refTo = (pointer: string): object => ({ $ref: `${DOCUMENT_ID}#${encodePointer(pointer)}` });

  const operations = new Map<OperationSpec, OperationValidators>();
  for (const operation of spec.operations) {
    const where = `${operation.method.toUpperCase()} ${operation.path}`;
    const parameters = new Map<ParameterLocation, ValidateFunction>();
    for (const location of ['path', 'query', 'header', 'cookie'] as const) {
      const own = operation.parameters.filter((p) => p.in === location);
      if (own.length > 0) {
        parameters.set(
          location,
          compileAt(parameterAjv, objectSchema(own, refTo), `${where} ${location} parameters`),
        );
      }
    }
    const bodies = new Map<string, ValidateFunction | undefined>();
    for (const media of operation.requestBody?.content ?? []) {
      bodies.set(
        media.mediaType,
        media.schema && compileAt(bodyAjv, refTo(media.schema.pointer), `${where} request body`),
      );
    }
    const responses = new Map<string, ResponseValidators>();
    for (const response of operation.responses) {
      const responseBodies = new Map<string, ValidateFunction | undefined>();
      for (const media of response.content) {
        responseBodies.set(
          media.mediaType,
          media.schema && compileAt(bodyAjv, refTo(media.schema.pointer), `${where} ${response.status} body`),
        );
      }
      const headers =
        response.headers.length > 0
          ? compileAt(
              parameterAjv,
              objectSchema(response.headers.map(asHeaderParameter), refTo),
              `${where} ${response.status} headers`,
            )
          : undefined;
      responses.set(response.status, { bodies: responseBodies, headers });
    }
    operations.set(operation, { parameters, bodies, responses });
  }
  return {
    operations,
    compile: (schema) => {
      if (!bodyAjv.validateSchema(schema)) {
        throw new MockgramError(
          'SPEC_SCHEMA_INVALID',
          `schema is invalid: ${bodyAjv.errorsText(bodyAjv.errors, { dataVar: 'schema' })}`,
        );
      }
      return compileAt(bodyAjv, schema, 'schema');
    },
    bodyAjv,
  };
}

function asHeaderParameter(header: HeaderSpec): ParameterSpec {
  const { key, required, schema, example, assumed } = header;
  return { name: key, in: 'header', required, style: 'simple', explode: false, schema, example, assumed };
}

function objectSchema(parameters: readonly ParameterSpec[], refTo: (pointer: string) => object): object {
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ? refTo(p.schema.pointer) : {}])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** A JSON Pointer as a URI fragment (ajv resolves `$ref`s as URIs). */
function encodePointer(pointer: string): string {
  return pointer
    .split('/')
    .map((token) => encodeURIComponent(token).replaceAll('%7E', '~'))
    .join('/');
}
