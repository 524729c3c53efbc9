import type { ResourceDeclaration } from '../resources/types.ts';
import { loadScenarioCatalog } from '../scenarios/loadScenarioCatalog.ts';
import { indexOperations } from '../spec/indexOperations.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import { compileSpecValidators } from '../validate/compileSpecValidators.ts';
import type { ScenarioProbe } from './provokeScenario.ts';

/** What scenario files tell the contract runner about one spec. */
export interface ScenarioInputs {
  /** Scenarios that say how to provoke them on a real implementation (`provoke`). */
  readonly probes: ScenarioProbe[];
  /** Resources the files declare for shapes inference cannot see (e.g. one integration per replica). */
  readonly resources: readonly ResourceDeclaration[];
}

/**
 * The scenarios of a catalog that say how to provoke them on a real implementation (`provoke`), as probes for the
 * contract runner. Files written for other specs are skipped; a file that does not load fails with its path.
 */
export async function loadScenarioProbes(
  specPath: string,
  files: readonly string[],
): Promise<ScenarioProbe[]> {
  return (await loadScenarioInputs(specPath, files)).probes;
}

/** The probes and the declared resources of the scenario files written for the spec. */
export async function loadScenarioInputs(
  specPath: string,
  files: readonly string[],
): Promise<ScenarioInputs> {
  const index = indexOperations(await loadSpecDocument(specPath));
  const catalog = await loadScenarioCatalog(files, [{ index, validators: compileSpecValidators(index) }], {
    skipOtherSpecs: true,
  });
  const probes: ScenarioProbe[] = [];
  for (const entry of catalog.operations.values()) {
    for (const scenario of entry.scenarios.values()) {
      if (scenario.provoke === undefined || scenario.status === undefined) continue;
      probes.push({
        operationId: entry.operation.id,
        scenario: scenario.name,
        expectedStatus: scenario.status,
        provoke: scenario.provoke,
      });
    }
  }
  return { probes, resources: catalog.resources.get(index.name) ?? [] };
}
