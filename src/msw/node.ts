import { bundledApis } from '../bundledApis.ts';
import { listSpecFiles } from '../cli/listSpecFiles.ts';
import { readScenarioFile } from '../scenarios/loadScenarioCatalog.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import { specName } from '../spec/indexOperations.ts';
import { isRecord } from '../spec/isRecord.ts';
import {
  createMockHandlers as createHandlers,
  type MockHandlers,
  type MockHandlersOptions,
  type SpecInput,
} from './createMockHandlers.ts';

export type { MockHandlers, MockHandlersOptions, SpecInput } from './createMockHandlers.ts';

/** A spec as `createMockHandlers` takes it in Node: also a file path, alone or as the `document`. */
export type NodeSpecInput =
  | string
  | SpecInput
  | {
      readonly document: string | object;
      readonly name?: string | undefined;
      readonly baseUrl?: string | readonly string[] | undefined;
    };

/** In Node, specs, scenario files and state seeds may also be given as file paths (a directory: every file in it). */
export interface NodeMockHandlersOptions extends Omit<MockHandlersOptions, 'specs' | 'scenarios' | 'state'> {
  /** Left out: the specs bundled with mockgram (Sensay and Toolzz), as `bundledApis()` names them. */
  readonly specs?: readonly NodeSpecInput[] | undefined;
  /** Left out with `specs` also left out: the scenario files bundled with those specs; else none. */
  readonly scenarios?: readonly (string | object)[] | undefined;
  readonly state?: readonly (string | object)[] | undefined;
}

/**
 * `createMockHandlers` for Node (Vitest, Jest): file paths are read (YAML or JSON, external `$ref`s bundled), and
 * scenario files' `credentials.*.env` names come from `process.env`. Without `specs`, the bundled Sensay and Toolzz
 * specs are served with their bundled scenarios, as `mockgram mock` serves them with no SPEC argument.
 */
export async function createMockHandlers(options: NodeMockHandlersOptions = {}): Promise<MockHandlers> {
  const bundled = options.specs === undefined ? bundledApis() : undefined;
  const specs = await Promise.all(
    (options.specs ?? bundled?.specs ?? []).map(async (spec): Promise<SpecInput> => {
      if (typeof spec === 'string')
        return { document: (await loadSpecDocument(spec)).document, name: specName(spec) };
      if (!isRecord(spec) || typeof spec['document'] !== 'string') return spec;
      const path = spec['document'];
      return {
        ...spec,
        document: (await loadSpecDocument(path)).document,
        name: spec['name'] ?? specName(path),
      };
    }),
  );
  const read = async (entries: readonly (string | object)[] = []): Promise<object[]> => {
    const files = entries.flatMap((entry) => (typeof entry === 'string' ? listSpecFiles(entry) : []));
    const contents = await Promise.all(files.map(async (file) => (await readScenarioFile(file)).content));
    return [...entries.filter((entry) => typeof entry !== 'string'), ...contents.filter(isRecord)];
  };
  return createHandlers({
    ...options,
    specs,
    scenarios: await read(options.scenarios ?? bundled?.scenarioFiles),
    state: await read(options.state),
    env: options.env ?? process.env,
  });
}
