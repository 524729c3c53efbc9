import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { bundle } from '@apidevtools/json-schema-ref-parser';
import { parse as parseYaml } from 'yaml';
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
    // Most documents are self-contained: parsing them is all there is to do, and much faster than the bundler.
    const text = await readFile(source, 'utf8');
    bundled = hasExternalRef(text)
      ? await bundle(source, { resolve: { http: false } })
      : parseDocument(source, text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MockgramError('SPEC_UNPARSABLE', `${source}: ${reason}`, { cause });
  }
  return readDocument(source, bundled);
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
