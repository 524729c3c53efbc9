import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { MockgramError } from '../errors.ts';
import { isRecord } from '../spec/isRecord.ts';
import type { OverriddenOperation } from '../routing/layerSpecs.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { SpecValidators } from '../validate/compileSpecValidators.ts';
import fileSchema from './scenarioFile.schema.json' with { type: 'json' };
import { checkScenarioAnswers } from './checkScenarioAnswers.ts';
import type { OperationScenarios, Scenario, ScenarioCatalog, ScenarioRule } from './types.ts';

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

/**
 * Reads scenario files, checks them against the scenario file schema, resolves their operations and rules against
 * the loaded specs and checks every scenario's answer against the spec. Any problem fails with the file, the path
 * inside it and what is wrong.
 */
export interface CatalogOptions {
  /** Skip files written for specs that are not loaded (for files found in a default directory). */
  readonly skipOtherSpecs?: boolean | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Operations a later spec answers instead: scenarios for them are refused with that reason. */
  readonly overridden?: readonly OverriddenOperation[] | undefined;
}

export async function loadScenarioCatalog(
  files: readonly string[],
  specs: readonly CatalogSpec[],
  options: CatalogOptions = {},
): Promise<ScenarioCatalog> {
  const env = options.env ?? process.env;
  const used: string[] = [];
  const skipped: { file: string; spec: string }[] = [];
  const operations = new Map<OperationSpec, OperationScenarios>();
  const credentials: Record<string, Record<string, string[]>> = {};
  for (const file of files) {
    const raw = await readScenarioFile(file);
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
  }
  return { files: used, skipped, operations, credentials };
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
}

interface RawRule {
  readonly name?: string;
  readonly description?: string;
  readonly when: object | boolean;
  readonly scenario: string;
  readonly optIn?: boolean;
}

async function readScenarioFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new MockgramError('SCENARIO_INVALID', `${file}: cannot be read`, { cause });
  }
  try {
    const parsed: unknown = parseYaml(text);
    return isRecord(parsed) ? parsed : {};
  } catch (cause) {
    throw new MockgramError(
      'SCENARIO_INVALID',
      `${file}: not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

function readCredentials(
  raw: NonNullable<ScenarioFile['credentials']>,
  spec: SpecIndex,
  env: NodeJS.ProcessEnv,
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
