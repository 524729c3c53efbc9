import { stat } from 'node:fs/promises';
import { bundle } from '@apidevtools/json-schema-ref-parser';
import { MockgramError } from '../errors.ts';
import { readDocument, type LoadedDocument } from './readDocument.ts';

export type { LoadedDocument } from './readDocument.ts';

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
  return readDocument(source, bundled);
}
