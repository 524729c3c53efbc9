import { readScenarioFile } from '../scenarios/loadScenarioCatalog.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import { createEngine, type EngineOptions, type MockEngine } from './createEngine.ts';

export type {
  EngineOptions,
  EngineSources,
  LoadedSpec,
  MockEngine,
  PreparedOperation,
} from './createEngine.ts';
export { DEFAULT_BODY_LIMIT, DEFAULT_MAX_DEPTH, createEngine } from './createEngine.ts';

export interface MockEngineOptions extends EngineOptions {
  /** Scenario files (`scenarios/*.yaml`); their credentials apply unless `credentials` lists the same scheme. */
  readonly scenarioFiles?: readonly string[] | undefined;
  /** State seed files (YAML or JSON, shaped like `GET /__mock/state`), stored at start and again on every reset. */
  readonly stateFiles?: readonly string[] | undefined;
}

/**
 * Reads spec, scenario and seed files (bundling external `$ref`s), then builds the engine. Scenario files'
 * `credentials.*.env` names are read from `process.env`.
 */
export async function createMockEngine(
  specFiles: readonly string[],
  options: MockEngineOptions = {},
  previous?: Pick<MockEngine, 'store' | 'coverage' | 'journal'>,
): Promise<MockEngine> {
  const [specs, scenarios, seeds] = await Promise.all([
    Promise.all(specFiles.map((file) => loadSpecDocument(file))),
    Promise.all((options.scenarioFiles ?? []).map((file) => readScenarioFile(file))),
    Promise.all((options.stateFiles ?? []).map((file) => readScenarioFile(file, 'STATE_INVALID'))),
  ]);
  return createEngine({ specs, scenarios, seeds, env: process.env }, options, previous);
}
