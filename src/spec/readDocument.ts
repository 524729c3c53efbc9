import { MockgramError } from '../errors.ts';
import { isRecord, type JsonObject } from './isRecord.ts';
import type { OpenApiVersion } from './types.ts';

export interface LoadedDocument {
  /** Where it came from: a file path, or any name that tells the document apart (its short name is taken from it). */
  readonly source: string;
  readonly document: JsonObject;
  readonly version: OpenApiVersion;
}

/** A parsed OpenAPI 3.0/3.1 document, checked for the fields mockgram reads; `source` names it in messages. */
export function readDocument(source: string, document: unknown): LoadedDocument {
  return { source, document: checkDocumentShape(source, document), version: readVersion(source, document) };
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
