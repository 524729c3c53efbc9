import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import { collectExamples } from './collectExamples.ts';
import { listSubschemas } from './schemaKeywords.ts';
import { walkOpenApiDocument } from './walkOpenApiDocument.ts';

export interface ExampleProblem {
  readonly at: string;
  readonly schemaAt: string;
  readonly message: string;
}

/** Dialects a 3.1 document may declare in `jsonSchemaDialect`: both are JSON Schema 2020-12 to a validator. */
const DRAFT_2020_DIALECTS = new Set([
  'https://spec.openapis.org/oas/3.1/dialect/base',
  'https://json-schema.org/draft/2020-12/schema',
]);
/** OpenAPI annotations that are not JSON Schema keywords, so ajv's strict mode would reject them. */
const OPENAPI_ONLY_KEYWORDS = new Set(['example', 'discriminator', 'xml', 'externalDocs']);
const DOCUMENT_KEY = 'openapi-document.json';
/** The parts of a document a `$ref` to a schema can point into; ajv sees their names as annotations. */
const REFERENCEABLE_PARTS = ['paths', 'components', 'webhooks'];
const INT32_LIMIT = 2 ** 31;

/**
 * Checks every example and default of an OpenAPI document against its own schema: JSON Schema 2020-12 for
 * OpenAPI 3.1, draft-07 (whose ajv knows 3.0's `nullable`) for OpenAPI 3.0. A schema that does not compile is a
 * problem too. Returns no problems when everything validates.
 */
export function validateExamples(document: JsonObject): ExampleProblem[] {
  const ajv = createValidatorFactory(document);
  const plain = copyWithPlainSchemas(document);
  for (const keyword of REFERENCEABLE_PARTS) ajv.addKeyword({ keyword });
  ajv.addSchema(
    Object.fromEntries(REFERENCEABLE_PARTS.filter((key) => key in plain).map((key) => [key, plain[key]])),
    DOCUMENT_KEY,
  );
  const validators = new Map<string, ValidateFunction | string>();
  const problems: ExampleProblem[] = [];
  for (const example of collectExamples(document)) {
    let validate = validators.get(example.schemaAt);
    if (validate === undefined) {
      validate = compileAt(ajv, example.schemaAt);
      validators.set(example.schemaAt, validate);
    }
    if (typeof validate === 'string') {
      problems.push({ at: example.at, schemaAt: example.schemaAt, message: validate });
    } else if (!validate(example.value)) {
      const message = ajv.errorsText(validate.errors, { dataVar: 'example' });
      problems.push({ at: example.at, schemaAt: example.schemaAt, message });
    }
  }
  return problems;
}

function compileAt(ajv: Ajv | Ajv2020, schemaAt: string): ValidateFunction | string {
  const fragment = schemaAt.split('/').map(encodeURIComponent).join('/');
  try {
    return ajv.compile({ $ref: `${DOCUMENT_KEY}#${fragment}` });
  } catch (error) {
    return `the schema does not compile: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function createValidatorFactory(document: JsonObject): Ajv | Ajv2020 {
  const version = document['openapi'];
  const options: Options = { strict: true, allErrors: true, allowUnionTypes: true, strictRequired: false };
  let ajv: Ajv | Ajv2020;
  if (typeof version === 'string' && version.startsWith('3.0.')) {
    ajv = new Ajv(options);
  } else if (typeof version === 'string' && version.startsWith('3.1.')) {
    const dialect = document['jsonSchemaDialect'];
    if (dialect !== undefined && !(typeof dialect === 'string' && DRAFT_2020_DIALECTS.has(dialect))) {
      throw new TypeError(
        `jsonSchemaDialect ${JSON.stringify(dialect)} is not one these checks can validate`,
      );
    }
    ajv = new Ajv2020(options);
  } else {
    throw new TypeError(`openapi: ${JSON.stringify(version)} is not OpenAPI 3.0 or 3.1`);
  }
  addFormats.default(ajv);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT32_LIMIT && n < INT32_LIMIT,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const annotation of ['float', 'double', 'password', 'binary', 'byte']) ajv.addFormat(annotation, true);
  return ajv;
}

/** A copy of the document in which every schema has lost the keywords ajv does not know; the original is untouched. */
function copyWithPlainSchemas(document: JsonObject): JsonObject {
  const copy = structuredClone(document);
  for (const root of walkOpenApiDocument(copy).schemaRoots) removeAnnotations(root.schema);
  return copy;
}

function removeAnnotations(schema: JsonObject): void {
  for (const key of Object.keys(schema)) {
    if (key.startsWith('x-') || OPENAPI_ONLY_KEYWORDS.has(key)) Reflect.deleteProperty(schema, key);
  }
  for (const sub of listSubschemas(schema)) removeAnnotations(sub.schema);
}
