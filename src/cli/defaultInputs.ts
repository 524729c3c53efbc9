import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MockgramError } from '../errors.ts';
import { listSpecFiles } from './listSpecFiles.ts';

/** The specs `mockgram mock` serves when none is named: ./specs, else the specs shipped with the package. */
export function defaultSpecs(): string[] {
  const local = resolve('specs');
  const directory = existsSync(local) ? local : resolve(import.meta.dirname, '../../specs');
  const files = existsSync(directory) ? listSpecFiles(directory) : [];
  if (files.length === 0)
    throw new MockgramError('INVALID_OPTION', `no spec given and none found in ${directory}`);
  return files;
}

/** ./scenarios when it exists, else none. */
export function defaultScenarioFiles(): string[] {
  const local = resolve('scenarios');
  return existsSync(local) ? listSpecFiles(local) : [];
}
