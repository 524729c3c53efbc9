import { access, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { bundle } from '@apidevtools/json-schema-ref-parser';
import { parse as parseYaml } from 'yaml';
import { MockgramError } from '../errors.ts';
import { isRecord, type JsonObject } from './isRecord.ts';
import type { OpenApiVersion } from './types.ts';

export interface LoadedDocument {
  readonly source: string;
  readonly document: JsonObject;
  readonly version: OpenApiVersion;
}

/** Reads a YAML or JSON OpenAPI document and bundles external `$ref`s into it, keeping local ones. */
export async function loadSpecDocument(source: string): Promise<LoadedDocument> {
  try {
    await access(source);
  } catch (cause) {
    throw new MockgramError('SPEC_NOT_FOUND', `Spec file not found: ${source}`, { cause });
  }
  let bundled: unknown;
  try {
    // Most documents are self-contained: parsing them is all there is to do, and much faster than the bundler.
    const text = await readFile(source, 'utf8');
    bundled = hasExternalRef(text)
      ? await bundle(source, { resolve: { http: false } })
      : parseDocument(source, text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MockgramError('SPEC_UNPARSABLE', `${source}: ${reason}`, { cause });
  }
  return { source, document: checkDocumentShape(source, bundled), version: readVersion(source, bundled) };
}

function parseDocument(source: string, text: string): unknown {
  const json = extname(source).toLowerCase() === '.json' || /^\s*\{/.test(text);
  return json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1, merge: true });
}

/**
 * Whether any `$ref` may point outside the document (another file), which only the bundler can resolve. Read from the
 * text, which is much faster than walking a large document: a match that is only data (an example) costs a bundling.
 */
function hasExternalRef(text: string): boolean {
  return /\$ref['"]?\s*:\s*['"]?(?!#)[^\s'"]/.test(text);
}
export function readVersion(source: string, document: unknown): OpenApiVersion {
  const declared = isRecord(document) ? document['openapi'] : undefined;
  if (typeof declared === 'string' && /^3\.0\.\d+/.test(declared)) return '3.0';
  if (typeof declared === 'string' && /^3\.1\.\d+/.test(declared)) return '3.1';
  throw new MockgramError(
    'SPEC_UNSUPPORTED_VERSION',
    `${source}: \`openapi: ${String(declared)}\` is not a version mockgram reads`,
  );
}

function checkDocumentShape(source: string, document: unknown): JsonObject {
  if (!isRecord(document))
    throw new MockgramError('SPEC_INVALID', `${source}: the document is not an object`);
  if (!isRecord(document['paths'])) {
    throw new MockgramError('SPEC_INVALID', `${source}: the document has no \`paths\` object`);
  }
  return document;
}
