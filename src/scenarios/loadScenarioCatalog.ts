import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { MockgramError } from '../errors.ts';
import { isRecord } from '../spec/isRecord.ts';
import {
  buildScenarioCatalog,
  type CatalogOptions,
  type CatalogSpec,
  type ScenarioSource,
} from './buildScenarioCatalog.ts';
import type { ScenarioCatalog } from './types.ts';

export type { CatalogSpec } from './buildScenarioCatalog.ts';

/** Reads scenario files (YAML or JSON) and builds the catalog; credentials named by `env` come from `process.env`. */
export async function loadScenarioCatalog(
  files: readonly string[],
  specs: readonly CatalogSpec[],
  options: CatalogOptions = {},
): Promise<ScenarioCatalog> {
  const sources = await Promise.all(files.map((file) => readScenarioFile(file)));
  return buildScenarioCatalog(sources, specs, { ...options, env: options.env ?? process.env });
}

/** One YAML or JSON file, parsed; a file that cannot be read or parsed fails naming itself, with `code`. */
export async function readScenarioFile(
  file: string,
  code: 'SCENARIO_INVALID' | 'STATE_INVALID' = 'SCENARIO_INVALID',
): Promise<ScenarioSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new MockgramError(code, `${file}: cannot be read`, { cause });
  }
  try {
    const parsed: unknown = parseYaml(text);
    return { file, content: isRecord(parsed) ? parsed : {} };
  } catch (cause) {
    throw new MockgramError(
      code,
      `${file}: not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
