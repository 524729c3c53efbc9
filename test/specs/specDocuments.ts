import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';
import { BOOKSHELF_SPEC, LIBRARY_SPEC, ROOT } from '../support/paths.ts';

export interface SpecFile {
  /** Path relative to the repository root, for test names. */
  readonly name: string;
  readonly path: string;
}

const SPEC_EXTENSION = /\.(ya?ml|json)$/;

/** Every document in `specs/`, plus the fixtures that prove the engine is generic (OpenAPI 3.0 and 3.1 CRUD). */
export function listSpecFiles(): SpecFile[] {
  const specsDirectory = join(ROOT, 'specs');
  const published = readdirSync(specsDirectory)
    .filter((file) => SPEC_EXTENSION.test(file))
    .sort()
    .map((file) => join(specsDirectory, file));
  return [...published, LIBRARY_SPEC, BOOKSHELF_SPEC].map((path) => ({ name: relative(ROOT, path), path }));
}

/** Parses a YAML or JSON document into a fresh object that the caller may change freely. */
export async function readSpecDocument(path: string): Promise<JsonObject> {
  return parseSpecText(await readFile(path, 'utf8'), path);
}

export function parseSpecText(text: string, name: string): JsonObject {
  const parsed: unknown = parse(text);
  if (!isRecord(parsed)) throw new TypeError(`${name}: the document is not a YAML or JSON object`);
  return parsed;
}
