import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockgramError } from './errors.ts';

/** The APIs whose specs (`specs/`) and scenarios (`scenarios/`) ship in the package. */
export const BUNDLED_API_NAMES = ['sensay', 'toolzz'] as const;
export type BundledApiName = (typeof BUNDLED_API_NAMES)[number];

export interface BundledApis {
  /** Absolute paths of the bundled spec files. */
  readonly specs: string[];
  /** Absolute paths of the scenario files written for them. */
  readonly scenarioFiles: string[];
}

/** `specs/` and `scenarios/` sit next to `src/` in a checkout and next to `dist/` in the installed package. */
const PACKAGE_ROOT = new URL('../', import.meta.url);

/**
 * The specs and scenario files that ship with mockgram, all of them or the named APIs, as absolute paths: spread
 * them into the options, e.g. `createMockApp({ ...bundledApis('sensay'), seed: 1 })`. They work wherever mockgram is
 * installed, unlike paths relative to a checkout.
 */
export function bundledApis(...names: readonly BundledApiName[]): BundledApis {
  const unknown = names.filter((name) => !(BUNDLED_API_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `no bundled API is named ${unknown.map((n) => `'${n}'`).join(', ')} (bundled: ${BUNDLED_API_NAMES.join(', ')})`,
    );
  const chosen = names.length > 0 ? [...new Set(names)] : BUNDLED_API_NAMES;
  return {
    specs: chosen.map((name) => join(bundledDirectory('specs'), `${name}.yaml`)),
    scenarioFiles: chosen.map((name) => join(bundledDirectory('scenarios'), `${name}.yaml`)),
  };
}

/** The folder holding the bundled specs or scenario files. */
export function bundledDirectory(kind: 'specs' | 'scenarios'): string {
  return fileURLToPath(new URL(kind, PACKAGE_ROOT));
}
