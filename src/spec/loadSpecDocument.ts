import { access } from 'node:fs/promises';
import { bundle } from '@apidevtools/json-schema-ref-parser';
import { MockgramError } from '../errors.ts';
import { readDocument, type LoadedDocument } from './readDocument.ts';

export type { LoadedDocument } from './readDocument.ts';

/** Reads a YAML or JSON OpenAPI document and bundles external `$ref`s into it, keeping local ones. */
export async function loadSpecDocument(source: string): Promise<LoadedDocument> {
  try {
    await access(source);
  } catch (cause) {
    throw new MockgramError('SPEC_NOT_FOUND', `Spec file not found: ${source}`, { cause });
  }
  let bundled: unknown;
  try {
    bundled = await bundle(source, { resolve: { http: false } });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MockgramError('SPEC_UNPARSABLE', `${source}: ${reason}`, { cause });
  }
  return readDocument(source, bundled);
}
