import { resolve } from 'node:path';
import {
  createConfig,
  lint,
  lintFromString,
  loadConfig,
  type Config,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { ROOT } from '../support/paths.ts';

export const REDOCLY_CONFIG = resolve(ROOT, 'redocly.yaml');

/** Only what makes a document an OpenAPI 3.0 or 3.1 document: its structure, and `$ref`s that resolve. */
export function createStructureConfig(): Promise<Config> {
  return createConfig({ rules: { struct: 'error', 'no-unresolved-refs': 'error' } });
}

/** Redocly's `recommended` ruleset as configured for this repository in `redocly.yaml`. */
export function loadProjectLintConfig(): Promise<Config> {
  return loadConfig({ configPath: REDOCLY_CONFIG });
}

export function lintSpecFile(path: string, config: Config): Promise<NormalizedProblem[]> {
  return lint({ ref: path, config });
}

/** Lints a document that exists only in memory; `name` only labels the problems. */
export function lintSpecText(
  text: string,
  config: Config,
  name = 'in-memory.yaml',
): Promise<NormalizedProblem[]> {
  return lintFromString({ source: text, absoluteRef: resolve(ROOT, name), config });
}

/** One line per problem, e.g. `error struct: Property \`foo\` is not expected here. (#/paths/~1a/get/foo)`. */
export function describeProblem(problem: NormalizedProblem): string {
  const pointer = problem.location[0]?.pointer;
  return `${problem.severity} ${problem.ruleId}: ${problem.message}${pointer === undefined ? '' : ` (${pointer})`}`;
}
