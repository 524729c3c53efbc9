import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledApis } from '../bundledApis.ts';
import { MockgramError } from '../errors.ts';
import { listSpecFiles } from './listSpecFiles.ts';

/** Where `mockgram mock` found its scenario files. */
export type ScenarioOrigin = 'option' | 'directory' | 'bundled' | 'none';

export interface MockFiles {
  readonly specs: readonly string[];
  readonly scenarioFiles: readonly string[];
  readonly scenarioOrigin: ScenarioOrigin;
  /** The bundled specs are served (no SPEC argument and no `./specs`). */
  readonly bundledSpecs: boolean;
}

/**
 * What `mockgram mock` serves. Specs: the SPEC arguments (files, or directories of them), else `./specs`, else the
 * specs bundled with mockgram. Scenarios: `--scenarios`, else `./scenarios`, else the bundled scenarios when the
 * bundled specs are served. A default `./scenarios` may hold files for other specs; those are skipped (and said).
 */
export function resolveMockFiles(
  specArguments: readonly string[],
  scenariosOption: string | undefined,
  cwd: string = process.cwd(),
): MockFiles {
  const localSpecs = resolve(cwd, 'specs');
  const bundledSpecs = specArguments.length === 0 && !existsSync(localSpecs);
  const specs = bundledSpecs
    ? bundledApis().specs
    : (specArguments.length > 0 ? specArguments : [localSpecs]).flatMap((given) =>
        specFilesAt(resolve(cwd, given)),
      );

  if (scenariosOption !== undefined)
    return {
      specs,
      scenarioFiles: listSpecFiles(resolve(cwd, scenariosOption)),
      scenarioOrigin: 'option',
      bundledSpecs,
    };
  const localScenarios = resolve(cwd, 'scenarios');
  if (existsSync(localScenarios))
    return { specs, scenarioFiles: listSpecFiles(localScenarios), scenarioOrigin: 'directory', bundledSpecs };
  if (bundledSpecs)
    return { specs, scenarioFiles: bundledApis().scenarioFiles, scenarioOrigin: 'bundled', bundledSpecs };
  return { specs, scenarioFiles: [], scenarioOrigin: 'none', bundledSpecs };
}

/** A file as given (the loader says when it is missing), or the specs of a directory. */
function specFilesAt(path: string): string[] {
  if (!existsSync(path) || !statSync(path).isDirectory()) return [path];
  const files = listSpecFiles(path);
  if (files.length === 0)
    throw new MockgramError('INVALID_OPTION', `${path} holds no spec: no .yaml, .yml or .json file in it`);
  return files;
}
