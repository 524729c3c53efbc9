import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MockgramError } from '../errors.ts';

/** A file as given, or the YAML/JSON files of a directory in name order (specs and scenario files alike). */
export function listSpecFiles(path: string): string[] {
  if (!existsSync(path)) throw new MockgramError('INVALID_OPTION', `${path} does not exist`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((file) => /\.(ya?ml|json)$/i.test(file))
    .sort()
    .map((file) => join(path, file));
}
