import { MockgramError } from '../errors.ts';
import { createRouter, type Router } from '../routing/createRouter.ts';
import { layerSpecs, type ConflictPolicy, type OverriddenOperation } from '../routing/layerSpecs.ts';
import type { AcceptedCredentials } from '../security/checkCredentials.ts';
import { indexOperations } from '../spec/indexOperations.ts';
import type { LoadedDocument } from '../spec/readDocument.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import {
  compileSpecValidators,
  type OperationValidators,
  type SpecValidators,
} from '../validate/compileSpecValidators.ts';
import { allowsType, derefSchema } from '../mock/schemaView.ts';
import { createCoverage, type Coverage } from '../coverage/createCoverage.ts';
import { coveredExchange } from '../coverage/coveredExchange.ts';
import { createRequestJournal, type RequestJournal } from '../journal/createRequestJournal.ts';
import { journalEntry } from '../journal/journalEntry.ts';
import { inferResources } from '../resources/inferResources.ts';
import type { ResourceModel } from '../resources/types.ts';
import { buildScenarioCatalog, type ScenarioSource } from '../scenarios/buildScenarioCatalog.ts';
import { isRecord } from '../spec/isRecord.ts';
import { readSeed } from '../state/stateSnapshot.ts';
import type { ScenarioCatalog } from '../scenarios/types.ts';
import { planStateActions, type StatePlan } from '../state/planStateActions.ts';
import { createMemoryStore } from '../store/createMemoryStore.ts';
import { DEFAULT_SESSION, type MockStore, type StoredObject, type StoreLimits } from '../store/types.ts';
import { isValidatedHeader, type ParameterPlan } from './collectParameters.ts';
import { handleMockRequest, type MockRequest, type MockResult, type ReadBody } from './handleMockRequest.ts';

/** How an engine answers; the same whatever door it serves (a server, MSW, a proxy). */
export interface EngineOptions {
  /** Same seed and same request: same answer. Unset: fresh random data each time. */
  readonly seed?: string | number | undefined;
  /** Largest request body read, in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined;
  /** Deepest JSON nesting accepted (default 64). */
  readonly maxDepth?: number | undefined;
  /** Accepted credential values per spec name and security scheme; unlisted schemes accept any well-formed value. */
  readonly credentials?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> | undefined;
  /** Scenario answering when nothing else chose one (default: `success`). */
  readonly defaultScenario?: string | undefined;
  /** Ignore scenario files written for specs that are not loaded (used for the default `./scenarios`). */
  readonly skipScenariosForOtherSpecs?: boolean | undefined;
  /** Opt-in rules to enable from the start. */
  readonly enabledRules?: readonly string[] | undefined;
  /** Answer every request on its own, as if nothing was ever created (default: false, state is kept). */
  readonly stateless?: boolean | undefined;
  /** Where scenario choices, sequences, rules and objects are kept (default: in memory, bounded by `storeLimits`). */
  readonly store?: MockStore | undefined;
  /** Bounds of the default in-memory store. */
  readonly storeLimits?: Partial<StoreLimits> | undefined;
  /** How many recent requests the journal keeps (default 500). */
  readonly journalSize?: number | undefined;
  /** Specs documenting the same method and path: the later one answers it (`override`, default) or start-up fails. */
  readonly onConflict?: ConflictPolicy | undefined;
}

/** What an engine is built from, already read and parsed (no file system needed). */
export interface EngineSources {
  /** OpenAPI documents with their local `$ref`s only (external ones bundled in). */
  readonly specs: readonly LoadedDocument[];
  /** Scenario files; their credentials apply unless `credentials` lists the same scheme. */
  readonly scenarios?: readonly ScenarioSource[] | undefined;
  /** State seeds (shaped like `GET /__mock/state`, with an optional `session`), stored at start and on reset. */
  readonly seeds?: readonly ScenarioSource[] | undefined;
  /** Where scenario files' `credentials.*.env` names are looked up (default: none). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
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
    readonly stateless: boolean;
  };
  readonly catalog: ScenarioCatalog;
  /** Operations not answered because a spec given later documents the same method and path. */
  readonly overridden: readonly OverriddenOperation[];
  readonly store: MockStore;
  /** The resources read from the specs and the scenario files' declarations. */
  readonly resources: ResourceModel;
  /** What the state stage does per operation; empty when stateless. */
  readonly statePlans: ReadonlyMap<OperationSpec, StatePlan>;
  /** What requests exercised, counted from every answer (overall and per session). */
  readonly coverage: Coverage;
  /** The recent requests, secrets redacted, newest first. */
  readonly journal: RequestJournal;
  /**
   * Everything back to the start: choices, sequences, rules, objects, journal and coverage, then the seed files'
   * objects. `keepCoverage` keeps the coverage counts, for a suite that resets between tests and checks at the end.
   */
  reset(options?: { readonly keepCoverage?: boolean }): Promise<void>;
  prepared(operation: OperationSpec): PreparedOperation;
  loadedSpec(spec: SpecIndex): LoadedSpec;
  handle(request: MockRequest, readBody: ReadBody): Promise<MockResult>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Indexes and compiles every spec once; the returned engine answers requests without compiling anything. Works on
 * parsed documents and files, so it runs wherever JavaScript does (Node, a browser for MSW). `previous` is the
 * engine a reload replaces: its store (choices, sequences, objects) and coverage carry over.
 */
export async function createEngine(
  sources: EngineSources,
  options: EngineOptions = {},
  previous?: Pick<MockEngine, 'store' | 'coverage' | 'journal'>,
): Promise<MockEngine> {
  if (sources.specs.length === 0)
    throw new MockgramError('INVALID_OPTION', 'no spec given: pass at least one OpenAPI document');
  const loaded = sources.specs.map((document) => indexOperations(document));
  const names = new Set<string>();
  for (const index of loaded) {
    if (names.has(index.name))
      throw new MockgramError('INVALID_OPTION', `two specs are named '${index.name}'; rename one file`);
    names.add(index.name);
  }
  const { specs: indexes, overridden } = layerSpecs(loaded, options.onConflict ?? 'override');
  const router = createRouter(indexes);
  const compiled = indexes.map((index) => ({ index, validators: compileSpecValidators(index) }));
  const catalog = buildScenarioCatalog(sources.scenarios ?? [], compiled, {
    skipOtherSpecs: options.skipScenariosForOtherSpecs,
    env: sources.env,
    overridden,
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
  const store =
    previous?.store ?? options.store ?? createMemoryStore(options.storeLimits, options.enabledRules ?? []);
  const resources = inferResources(indexes, catalog.resources);
  const seeds = readSeeds(sources.seeds ?? [], resources, specs);
  const reseed = async (): Promise<void> => {
    for (const { session, objects } of seeds) await store.replaceObjects(session, objects);
  };
  if (!previous) await reseed();
  const statePlans =
    options.stateless === true ? new Map<OperationSpec, StatePlan>() : planStateActions(resources);
  // Prepared on first use (validators compiled then): a spec with a thousand operations starts at once.
  const preparedByOperation = new Map<OperationSpec, PreparedOperation>();
  const specOf = new Map<OperationSpec, LoadedSpec>();
  for (const loaded of specs) for (const operation of loaded.index.operations) specOf.set(operation, loaded);
  const bySpec = new Map(specs.map((loaded) => [loaded.index, loaded]));
  const coverage = previous?.coverage ?? createCoverage(store.limits.maxSessions);
  const journal = previous?.journal ?? createRequestJournal(options.journalSize ?? 500);

  const engine: MockEngine = {
    specs,
    router,
    catalog,
    overridden,
    store,
    resources,
    statePlans,
    coverage,
    journal,
    settings: {
      seed: options.seed,
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      defaultScenario: options.defaultScenario,
      stateless: options.stateless === true,
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
    handle: async (request, readBody) => {
      const started = performance.now();
      const result = await handleMockRequest(engine, request, readBody);
      journal.record(journalEntry(request, result, performance.now() - started));
      coverage.record(coveredExchange(request, result));
      return result;
    },
    reset: async (options = {}) => {
      await store.reset();
      if (options.keepCoverage !== true) coverage.clear();
      journal.clear();
      await reseed();
    },
  };
  return engine;
}

/** Checks state seeds; a bad one fails start-up naming the file and the place in it. */
function readSeeds(
  sources: readonly ScenarioSource[],
  resources: ResourceModel,
  specs: readonly LoadedSpec[],
): { session: string | undefined; objects: StoredObject[] }[] {
  const bySpec = new Map(specs.map((loaded) => [loaded.index, loaded.validators]));
  const out: { session: string | undefined; objects: StoredObject[] }[] = [];
  for (const { file, content } of sources) {
    const { objects, problems } = readSeed(
      resources,
      (resource) => {
        const validators = bySpec.get(resource.spec);
        if (!validators)
          throw new MockgramError('STATE_INVALID', `${file}: ${resource.spec.name} is not loaded`);
        return validators;
      },
      content,
      (value) => JSON.stringify(value).length,
    );
    const [first] = problems;
    if (first) throw new MockgramError('STATE_INVALID', `${file}: ${first.path}: ${first.message}`);
    const session =
      isRecord(content) && typeof content['session'] === 'string' ? content['session'] : undefined;
    out.push({ session: session === DEFAULT_SESSION ? undefined : session, objects });
  }
  return out;
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
