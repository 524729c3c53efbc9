import { stat } from 'node:fs/promises';
import { bundle } from '@apidevtools/json-schema-ref-parser';
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
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(source)).isDirectory();
  } catch (cause) {
    throw new MockgramError('SPEC_NOT_FOUND', `Spec file not found: ${source}`, { cause });
  }
  if (isDirectory)
    throw new MockgramError(
      'SPEC_NOT_FOUND',
      `${source} is a directory; give a spec file (YAML or JSON), e.g. one of the files inside it`,
    );
  let bundled: unknown;
  try {
    bundled = await bundle(source, { resolve: { http: false } });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MockgramError('SPEC_UNPARSABLE', `${source}: ${reason}`, { cause });
  }
  return { source, document: checkDocumentShape(source, bundled), version: readVersion(source, bundled) };
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
