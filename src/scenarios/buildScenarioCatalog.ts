import { Ajv2020 } from 'ajv/dist/2020.js';
import { MockgramError } from '../errors.ts';
import { RESOURCE_ACTIONS, type ResourceAction, type ResourceDeclaration } from '../resources/types.ts';
import type { OverriddenOperation } from '../routing/layerSpecs.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { SpecValidators } from '../validate/compileSpecValidators.ts';
import fileSchema from './scenarioFile.schema.json' with { type: 'json' };
import { checkScenarioAnswers } from './checkScenarioAnswers.ts';
import type { OperationScenarios, Scenario, ScenarioCatalog, ScenarioRule } from './types.ts';

/** A scenario file as read: where it came from (for messages) and its parsed content. */
export interface ScenarioSource {
  readonly file: string;
  readonly content: unknown;
}

export interface CatalogSpec {
  readonly index: SpecIndex;
  readonly validators: SpecValidators;
}

/**
 * The schema checks the shape; this type is what a file that passed it holds. The schema is ours and a test checks
 * it against the meta-schema, so it is not checked again at every start.
 */
const validateFile = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  validateSchema: false,
}).compile<ScenarioFile>(fileSchema);

/** How a catalog treats its files. */
export interface CatalogOptions {
  /** Skip files written for specs that are not loaded (for files found in a default directory). */
  readonly skipOtherSpecs?: boolean | undefined;
  /** Where `credentials.*.env` names are looked up (default: none). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Operations a later spec answers instead: scenarios for them are refused with that reason. */
  readonly overridden?: readonly OverriddenOperation[] | undefined;
}

/**
 * Checks parsed scenario files against the scenario file schema, resolves their operations, rules and resources
 * against the loaded specs and checks every scenario's answer against the spec. Any problem fails with the file,
 * the path inside it and what is wrong. Works on parsed content, so it runs in a browser too.
 */
export function buildScenarioCatalog(
  sources: readonly ScenarioSource[],
  specs: readonly CatalogSpec[],
  options: CatalogOptions = {},
): ScenarioCatalog {
  const env = options.env ?? {};
  const used: string[] = [];
  const skipped: { file: string; spec: string }[] = [];
  const operations = new Map<OperationSpec, OperationScenarios>();
  const credentials: Record<string, Record<string, string[]>> = {};
  const resources = new Map<string, ResourceDeclaration[]>();
  for (const { file, content: raw } of sources) {
    const fail = (path: string, message: string): never => {
      throw new MockgramError('SCENARIO_INVALID', `${file}: ${path || '/'}: ${message}`);
    };
    if (!validateFile(raw)) {
      const first = validateFile.errors?.[0];
      return fail(
        first?.instancePath ?? '',
        `${first?.message ?? 'invalid'}${first?.keyword === 'additionalProperties' ? ` ('${String(first.params['additionalProperty'])}')` : ''}`,
      );
    }
    const content = raw;
    if (options.skipOtherSpecs === true && !specs.some((s) => s.index.name === content.spec)) {
      skipped.push({ file, spec: content.spec });
      continue;
    }
    used.push(file);
    const spec =
      specs.find((s) => s.index.name === content.spec) ??
      fail(
        '/spec',
        `no loaded spec is named '${content.spec}' (loaded: ${specs.map((s) => s.index.name).join(', ')})`,
      );
    credentials[spec.index.name] = readCredentials(content.credentials ?? {}, spec.index, env, fail);
    for (const [operationId, entry] of Object.entries(content.operations)) {
      const at = `/operations/${operationId}`;
      const operation =
        spec.index.operations.find((o) => o.id === operationId) ??
        fail(at, missingOperation(spec.index, operationId, options.overridden ?? []));
      const scenarios = new Map<string, Scenario>(
        Object.entries(entry.scenarios).map(([name, scenario]) => [
          name,
          { ...scenario, name, description: scenario.description ?? '' },
        ]),
      );
      for (const scenario of scenarios.values()) {
        for (const step of scenario.steps ?? []) {
          const target =
            scenarios.get(step) ??
            fail(`${at}/scenarios/${scenario.name}/steps`, `unknown scenario '${step}'`);
          if (target.steps)
            fail(`${at}/scenarios/${scenario.name}/steps`, `step '${step}' is itself a sequence`);
        }
      }
      const rules = (entry.rules ?? []).map((rule, i): ScenarioRule => {
        if (!scenarios.has(rule.scenario))
          fail(`${at}/rules/${i}/scenario`, `unknown scenario '${rule.scenario}'`);
        let matches;
        try {
          matches = spec.validators.compile(
            rule.when === true ? {} : rule.when === false ? { not: {} } : rule.when,
          );
        } catch (error) {
          return fail(`${at}/rules/${i}/when`, error instanceof Error ? error.message : String(error));
        }
        return {
          name: rule.name,
          description: rule.description ?? '',
          scenario: rule.scenario,
          optIn: rule.optIn ?? false,
          matches,
        };
      });
      const compiled: OperationScenarios = { spec: spec.index, operation, scenarios, rules };
      for (const problem of checkScenarioAnswers(compiled, spec.validators))
        fail(`${at}/scenarios/${problem.scenario}`, problem.message);
      operations.set(operation, compiled);
    }
    const declared = resources.get(spec.index.name) ?? [];
    for (const [name, entry] of Object.entries(content.resources ?? {})) {
      if (declared.some((d) => d.name === name))
        fail(`/resources/${name}`, `resource '${name}' is declared twice`);
      declared.push(readDeclaration(name, entry, spec.index, operations, declared, fail));
    }
    resources.set(spec.index.name, declared);
  }
  return { files: used, skipped, operations, credentials, resources };
}

interface ScenarioFile {
  readonly spec: string;
  readonly credentials?: Record<string, { values?: string[]; env?: string }>;
  readonly operations: Record<
    string,
    {
      scenarios: Record<string, Omit<Scenario, 'name' | 'description'> & { description?: string }>;
      rules?: RawRule[];
    }
  >;
  readonly resources?: Record<string, RawResource>;
}

type RawResource = Partial<Record<ResourceAction, string | string[]>> & {
  readonly description?: string;
  readonly singleton?: boolean;
  readonly id?: string;
  readonly notFound?: string;
};

/**
 * A resource declaration with its operations checked: each exists, belongs to no other declaration, and has the
 * `notFound` scenario (a 4xx) when it addresses one object.
 */
function readDeclaration(
  name: string,
  raw: RawResource,
  spec: SpecIndex,
  catalog: ReadonlyMap<OperationSpec, OperationScenarios>,
  others: readonly ResourceDeclaration[],
  fail: (path: string, message: string) => never,
): ResourceDeclaration {
  const at = `/resources/${name}`;
  const operations: Partial<Record<ResourceAction, string[]>> = {};
  for (const action of RESOURCE_ACTIONS) {
    const named = raw[action];
    if (named === undefined) continue;
    const ids = typeof named === 'string' ? [named] : named;
    for (const id of ids) {
      const operation =
        spec.operations.find((o) => o.id === id) ??
        fail(
          `${at}/${action}`,
          `operation '${id}' is not in ${spec.name} (operations: ${spec.operations.map((o) => o.id).join(', ')})`,
        );
      if (raw.notFound !== undefined && action !== 'create' && action !== 'list') {
        const scenario = catalog.get(operation)?.scenarios.get(raw.notFound);
        if (!scenario || scenario.status === undefined || scenario.status < 400 || scenario.status >= 500)
          fail(`${at}/notFound`, `${id} needs a 4xx scenario named '${raw.notFound}' in its scenarios`);
      }
      const owner = others.find((d) => Object.values(d.operations).some((list) => list.includes(id)));
      if (owner) fail(`${at}/${action}`, `operation '${id}' already belongs to resource '${owner.name}'`);
    }
    operations[action] = ids;
  }
  return {
    name,
    description: raw.description,
    singleton: raw.singleton,
    id: raw.id,
    notFound: raw.notFound,
    operations,
  };
}

interface RawRule {
  readonly name?: string;
  readonly description?: string;
  readonly when: object | boolean;
  readonly scenario: string;
  readonly optIn?: boolean;
}

function readCredentials(
  raw: NonNullable<ScenarioFile['credentials']>,
  spec: SpecIndex,
  env: Readonly<Record<string, string | undefined>>,
  fail: (path: string, message: string) => never,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [scheme, source] of Object.entries(raw)) {
    if (!spec.securitySchemes.has(scheme))
      fail(`/credentials/${scheme}`, `'${spec.name}' has no security scheme '${scheme}'`);
    const fromEnv =
      source.env === undefined
        ? []
        : (env[source.env] ?? '')
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
    const values = [...(source.values ?? []), ...fromEnv];
    // An unset or empty variable lists nothing, which leaves the scheme unrestricted rather than locking everyone out.
    if (values.length > 0) out[scheme] = values;
  }
  return out;
}

function missingOperation(
  spec: SpecIndex,
  operationId: string,
  overridden: readonly OverriddenOperation[],
): string {
  const lost = overridden.find((o) => o.spec.name === spec.name && o.operation.id === operationId);
  if (lost)
    return (
      `operation '${operationId}' of ${spec.name} is answered by ${lost.by.spec.name} (${lost.by.operation.id}), ` +
      `a spec given later that documents the same method and path; give ${spec.name} after ${lost.by.spec.name} ` +
      `for these scenarios to apply`
    );
  return `operation '${operationId}' is not in ${spec.name} (operations: ${spec.operations.map((o) => o.id).join(', ')})`;
}
