import type { ValidateFunction } from 'ajv';
import { MockgramError } from '../errors.ts';
import { lazyNormalizedDocument } from '../schema/normalizeSchema.ts';
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
  /**
   * Each operation's validators, compiled the first time they are asked for (then kept): a spec with a thousand
   * operations starts in the time it takes to read it. Iterating compiles them all.
   */
  readonly operations: ReadonlyMap<OperationSpec, OperationValidators>;
  /**
   * Compiles a schema written by a user (e.g. a scenario rule) against the spec's own ajv, so it can `$ref` the
   * document; it is checked against the JSON Schema meta-schema first.
   */
  readonly compile: (schema: object) => ValidateFunction;
  /** The validator of the document's schema at a JSON Pointer (compiled on first use, then kept). */
  readonly schemaAt: (pointer: string) => ValidateFunction;
  readonly bodyAjv: SchemaValidatorFactory;
}

const DOCUMENT_ID = 'mockgram:document';
const DOCUMENT_PARTS = ['paths', 'components', 'webhooks'] as const;
/** Header parameters OpenAPI says are ignored: these headers are described elsewhere (content, security). */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'authorization']);
const FORM_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
]);

/**
 * One validator per operation part (path, query, header, cookie, each body and each response), compiled once per
 * operation on first use. A schema that does not compile fails with SPEC_SCHEMA_INVALID then, naming the operation.
 */
export function compileSpecValidators(spec: SpecIndex): SpecValidators {
  const parameterAjv = createAjv(spec.version, 'parameters');
  const bodyAjv = createAjv(spec.version, 'bodies');
  const responseAjv = createAjv(spec.version, 'bodies');
  const instances = [parameterAjv, bodyAjv, responseAjv];
  // Formats are met while ajv resolves a `$ref`, before it compiles what the `$ref` leads to.
  const formats = {
    add: (format: string): void => {
      for (const ajv of instances) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
    },
  };
  const document = (direction: 'request' | 'response', oneOfAsAnyOf = false): object =>
    lazyNormalizedDocument(spec.document, {
      version: spec.version,
      formats,
      direction,
      document: spec.document,
      oneOfAsAnyOf,
    });
  const requests = document('request');
  for (const [ajv, root] of [
    [parameterAjv, document('request', true)],
    [bodyAjv, requests],
    [responseAjv, document('response')],
  ] as const) {
    // Only the parts of the document a `$ref` can point at; ajv sees their names as annotations, not schemas.
    for (const keyword of DOCUMENT_PARTS) ajv.addKeyword({ keyword });
    ajv.addSchema(root, DOCUMENT_ID);
  }
  let ruleAjv: SchemaValidatorFactory | undefined;

  const compileAt = (ajv: SchemaValidatorFactory, schema: object, where: string): ValidateFunction => {
    try {
      return ajv.compile(schema);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new MockgramError('SPEC_SCHEMA_INVALID', `${spec.source}: ${where}: ${reason}`, { cause });
    }
  };
  const refTo = (pointer: string): object => ({ $ref: `${DOCUMENT_ID}#${encodePointer(pointer)}` });

  const compileOperation = (operation: OperationSpec): OperationValidators => {
    const where = `${operation.method.toUpperCase()} ${operation.path}`;
    const parameters = new Map<ParameterLocation, ValidateFunction>();
    for (const location of ['path', 'query', 'header', 'cookie'] as const) {
      const own = operation.parameters.filter(
        (p) => p.in === location && !(location === 'header' && RESERVED_HEADERS.has(p.name)),
      );
      if (own.length > 0) {
        parameters.set(
          location,
          compileAt(parameterAjv, objectSchema(own, refTo), `${where} ${location} parameters`),
        );
      }
    }
    const bodies = new Map<string, ValidateFunction | undefined>();
    for (const media of operation.requestBody?.content ?? []) {
      // Form fields arrive as text, like parameters: they are coerced to the schema's types.
      const ajv = FORM_MEDIA_TYPES.has(media.mediaType) ? parameterAjv : bodyAjv;
      bodies.set(
        media.mediaType,
        media.schema && compileAt(ajv, refTo(media.schema.pointer), `${where} request body`),
      );
    }
    const responses = new Map<string, ResponseValidators>();
    for (const response of operation.responses) {
      const responseBodies = new Map<string, ValidateFunction | undefined>();
      for (const media of response.content) {
        responseBodies.set(
          media.mediaType,
          media.schema &&
            compileAt(responseAjv, refTo(media.schema.pointer), `${where} ${response.status} body`),
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
    return { parameters, bodies, responses };
  };
  const operations = new LazyOperationValidators(spec.operations, compileOperation);
  const byPointer = new Map<string, ValidateFunction>();
  return {
    operations,
    schemaAt: (pointer) => {
      let validate = byPointer.get(pointer);
      if (!validate) byPointer.set(pointer, (validate = compileAt(bodyAjv, refTo(pointer), pointer)));
      return validate;
    },
    compile: (schema) => {
      // Schemas written by users are compiled strictly, so a misspelt keyword is an error, not an annotation.
      if (!ruleAjv) {
        ruleAjv = createAjv(spec.version, 'bodies', { strict: true });
        for (const keyword of DOCUMENT_PARTS) ruleAjv.addKeyword({ keyword });
        ruleAjv.addSchema(requests, DOCUMENT_ID);
        instances.push(ruleAjv);
      }
      if (!ruleAjv.validateSchema(schema)) {
        throw new MockgramError(
          'SPEC_SCHEMA_INVALID',
          `schema is invalid: ${ruleAjv.errorsText(ruleAjv.errors, { dataVar: 'schema' })}`,
        );
      }
      return compileAt(ruleAjv, schema, 'schema');
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

/** A read-only map of operations to validators that compiles an operation's validators the first time it is read. */
class LazyOperationValidators implements ReadonlyMap<OperationSpec, OperationValidators> {
  readonly #operations: ReadonlySet<OperationSpec>;
  readonly #compile: (operation: OperationSpec) => OperationValidators;
  readonly #compiled = new Map<OperationSpec, OperationValidators>();

  constructor(
    operations: readonly OperationSpec[],
    compile: (operation: OperationSpec) => OperationValidators,
  ) {
    this.#operations = new Set(operations);
    this.#compile = compile;
  }

  get size(): number {
    return this.#operations.size;
  }

  has(operation: OperationSpec): boolean {
    return this.#operations.has(operation);
  }

  get(operation: OperationSpec): OperationValidators | undefined {
    const known = this.#compiled.get(operation);
    if (known !== undefined || !this.#operations.has(operation)) return known;
    const compiled = this.#compile(operation);
    this.#compiled.set(operation, compiled);
    return compiled;
  }

  forEach(
    callback: (
      value: OperationValidators,
      key: OperationSpec,
      map: ReadonlyMap<OperationSpec, OperationValidators>,
    ) => void,
  ): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  *entries(): MapIterator<[OperationSpec, OperationValidators]> {
    for (const operation of this.#operations) {
      const compiled = this.get(operation);
      if (compiled) yield [operation, compiled];
    }
  }

  keys(): MapIterator<OperationSpec> {
    return this.#operations.values();
  }

  *values(): MapIterator<OperationValidators> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[OperationSpec, OperationValidators]> {
    return this.entries();
  }
}
