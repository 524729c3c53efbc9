import { Ajv, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiVersion } from '../spec/types.ts';

const INT32 = 2 ** 31;

/**
 * One ajv instance per loaded spec and purpose: 3.1 documents get the JSON Schema 2020-12 dialect, 3.0 documents
 * draft-07 (their schemas are normalized to it first). Parameter validators coerce strings to the schema's types.
 */
export type SchemaValidatorFactory = Ajv | Ajv2020;

export function createAjv(
  version: OpenApiVersion,
  purpose: 'parameters' | 'bodies',
  { strict = false }: { readonly strict?: boolean } = {},
): SchemaValidatorFactory {
  const options: Options = {
    // Specs: unknown keywords are annotations, as JSON Schema says (vendor keywords, `nullable` in a 3.1 document).
    // Schemas written by users (rules) are compiled strictly, so a misspelt keyword is reported.
    strictSchema: strict,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    coerceTypes: purpose === 'parameters' ? 'array' : false,
    addUsedSchema: false,
    // Spec schemas are compiled through `$ref`s into the registered document, which ajv never checks against the
    // meta-schema, so the default check only looked at our wrappers, for the price of compiling the meta-schema in
    // every instance (a third of start-up). Schemas written by users, such as rules, are checked explicitly.
    validateSchema: false,
    logger: false,
    code: { regExp: tolerantRegExp },
  };
  const ajv = version === '3.1' ? new Ajv2020(options) : new Ajv(options);
  addFormats.default(ajv);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  return ajv;
}

/**
 * ajv's regular expressions: JSON Schema patterns are ECMA-262, compiled with the `u` flag; many real-world
 * patterns are only valid without it (`[\w-.]`, `\-`), so they get a second chance without it. A pattern valid in
 * neither constrains nothing rather than making the whole operation unusable.
 */
const tolerantRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      try {
        return new RegExp(pattern, flags.replace('u', ''));
      } catch {
        return /(?:)/;
      }
    }
  },
  { code: 'new RegExp' },
);
