import { MockgramError } from '../errors.ts';
import { createRouter, type Router } from '../routing/createRouter.ts';
import type { AcceptedCredentials } from '../security/checkCredentials.ts';
import { indexOperations } from '../spec/indexOperations.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import {
  compileSpecValidators,
  type OperationValidators,
  type SpecValidators,
} from '../validate/compileSpecValidators.ts';
import { allowsType, derefSchema } from '../mock/schemaView.ts';
import { createScenarioState, type ScenarioState } from '../scenarios/createScenarioState.ts';
import { loadScenarioCatalog } from '../scenarios/loadScenarioCatalog.ts';
import type { ScenarioCatalog } from '../scenarios/types.ts';
import { isValidatedHeader, type ParameterPlan } from './collectParameters.ts';
import { handleMockRequest, type MockRequest, type MockResult, type ReadBody } from './handleMockRequest.ts';

export interface MockEngineOptions {
  /** Same seed and same request: same answer. Unset: fresh random data each time. */
  readonly seed?: string | number | undefined;
  /** Largest request body read, in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined;
  /** Deepest JSON nesting accepted (default 64). */
  readonly maxDepth?: number | undefined;
  /** Accepted credential values per spec name and security scheme; unlisted schemes accept any well-formed value. */
  readonly credentials?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> | undefined;
  /** Scenario files (`scenarios/*.yaml`); their credentials apply unless `credentials` lists the same scheme. */
  readonly scenarioFiles?: readonly string[] | undefined;
  /** Scenario answering when nothing else chose one (default: `success`). */
  readonly defaultScenario?: string | undefined;
  /** Ignore scenario files written for specs that are not loaded (used for the default `./scenarios`). */
  readonly skipScenariosForOtherSpecs?: boolean | undefined;
  /** Opt-in rules to enable from the start. */
  readonly enabledRules?: readonly string[] | undefined;
}

export interface PreparedOperation {
  readonly spec: SpecIndex;
  readonly operation: OperationSpec;
  readonly validators: OperationValidators;
  readonly parameterPlans: readonly ParameterPlan[];
  /** Defaults of header parameters, sent back where a response header of the same name is documented. */
  readonly headerDefaults: Readonly<Record<string, string>>;
}

export interface LoadedSpec {
  readonly index: SpecIndex;
  readonly validators: SpecValidators;
  readonly accepted: AcceptedCredentials;
}

export interface MockEngine {
  readonly specs: readonly LoadedSpec[];
  readonly router: Router;
  readonly settings: {
    readonly seed: string | number | undefined;
    readonly bodyLimit: number;
    readonly maxDepth: number;
    readonly defaultScenario: string | undefined;
  };
  readonly catalog: ScenarioCatalog;
  readonly state: ScenarioState;
  prepared(operation: OperationSpec): PreparedOperation;
  loadedSpec(spec: SpecIndex): LoadedSpec;
  handle(request: MockRequest, readBody: ReadBody): Promise<MockResult>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/** Loads, indexes and compiles every spec once; the returned engine answers requests without compiling anything. */
/** `previousState` carries scenario choices over from the engine a reload replaces. */
export async function createMockEngine(
  sources: readonly string[],
  options: MockEngineOptions = {},
  previousState?: ScenarioState,
): Promise<MockEngine> {
  if (sources.length === 0)
    throw new MockgramError('INVALID_OPTION', 'no spec given: pass at least one OpenAPI file');
  const indexes = await Promise.all(
    sources.map(async (source) => indexOperations(await loadSpecDocument(source))),
  );
  const names = new Set<string>();
  for (const index of indexes) {
    if (names.has(index.name))
      throw new MockgramError('INVALID_OPTION', `two specs are named '${index.name}'; rename one file`);
    names.add(index.name);
  }
  const router = createRouter(indexes);
  const compiled = indexes.map((index) => ({ index, validators: compileSpecValidators(index) }));
  const catalog = await loadScenarioCatalog(options.scenarioFiles ?? [], compiled, {
    skipOtherSpecs: options.skipScenariosForOtherSpecs,
  });
  const specs = compiled.map(({ index, validators }) => ({
    index,
    validators,
    accepted: acceptedFor(index, {
      ...catalog.credentials[index.name],
      ...options.credentials?.[index.name],
    }),
  }));
  checkDefaultScenario(catalog, options.defaultScenario);
  checkRuleNames(catalog, options.enabledRules ?? []);
  const state = previousState ?? createScenarioState(options.enabledRules ?? []);
  // Prepared on first use (validators compiled then): a spec with a thousand operations starts at once.
  const preparedByOperation = new Map<OperationSpec, PreparedOperation>();
  const specOf = new Map<OperationSpec, LoadedSpec>();
  for (const loaded of specs) for (const operation of loaded.index.operations) specOf.set(operation, loaded);
  const bySpec = new Map(specs.map((loaded) => [loaded.index, loaded]));

  const engine: MockEngine = {
    specs,
    router,
    catalog,
    state,
    settings: {
      seed: options.seed,
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      defaultScenario: options.defaultScenario,
    },
    prepared: (operation) => {
      const found = preparedByOperation.get(operation);
      if (found) return found;
      const loaded = specOf.get(operation);
      if (!loaded)
        throw new MockgramError('INVALID_OPTION', `operation ${operation.id} is not part of this engine`);
      const prepared = prepareOperation(loaded.index, operation, loaded.validators);
      preparedByOperation.set(operation, prepared);
      return prepared;
    },
    loadedSpec: (spec) => {
      const found = bySpec.get(spec);
      if (!found) throw new MockgramError('INVALID_OPTION', `spec ${spec.name} is not part of this engine`);
      return found;
    },
    handle: (request, readBody) => handleMockRequest(engine, request, readBody),
  };
  return engine;
}

function prepareOperation(
  spec: SpecIndex,
  operation: OperationSpec,
  specValidators: SpecValidators,
): PreparedOperation {
  const validators = specValidators.operations.get(operation);
  if (!validators) throw new MockgramError('SPEC_INVALID', `no validators compiled for ${operation.id}`);
  const parameterPlans = operation.parameters.filter(isValidatedHeader).map((parameter) => ({
    parameter,
    wantsArray: parameter.schema !== undefined && schemaIsArray(spec, parameter.schema.schema),
  }));
  const headerDefaults: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'header' || parameter.schema === undefined) continue;
    const fallback = derefSchema(spec.document, parameter.schema.schema)['default'];
    if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') {
      headerDefaults[parameter.name] = String(fallback);
    }
  }
  return { spec, operation, validators, parameterPlans, headerDefaults };
}

function schemaIsArray(spec: SpecIndex, schema: unknown): boolean {
  return allowsType(spec.document, schema, 'array') && !allowsType(spec.document, schema, 'string');
}

function acceptedFor(
  spec: SpecIndex,
  configured: Readonly<Record<string, readonly string[]>> | undefined,
): AcceptedCredentials {
  const accepted = new Map<string, ReadonlySet<string>>();
  for (const [scheme, values] of Object.entries(configured ?? {})) {
    if (!spec.securitySchemes.has(scheme)) {
      throw new MockgramError(
        'INVALID_OPTION',
        `${spec.name}: credentials listed for unknown security scheme '${scheme}'`,
      );
    }
    accepted.set(scheme, new Set(values));
  }
  return accepted;
}

function checkDefaultScenario(catalog: ScenarioCatalog, name: string | undefined): void {
  if (name === undefined) return;
  const known = new Set([...catalog.operations.values()].flatMap((entry) => [...entry.scenarios.keys()]));
  if (!known.has(name)) {
    throw new MockgramError(
      'INVALID_OPTION',
      `--scenario '${name}' is not defined for any operation (defined: ${[...known].sort().join(', ') || 'none'})`,
    );
  }
}

function checkRuleNames(catalog: ScenarioCatalog, names: readonly string[]): void {
  const known = new Set(
    [...catalog.operations.values()].flatMap((entry) => entry.rules.flatMap((rule) => rule.name ?? [])),
  );
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MockgramError(
      'INVALID_OPTION',
      `--rule ${unknown.join(', ')}: no such rule (rules: ${[...known].sort().join(', ') || 'none'})`,
    );
  }
}
