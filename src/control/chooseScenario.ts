import type { MockEngine } from '../engine/createEngine.ts';

export interface ScenarioChoiceRequest {
  readonly scenario: string;
  /** One operation; every operation that has the scenario when unset. */
  readonly operation?: string | undefined;
  /** One session; the whole server when unset. */
  readonly session?: string | undefined;
}

export type ControlOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: 400 | 404; readonly detail: string };

/**
 * Chooses a scenario the way the admin API and MSW's `use()` do: it must exist (for the operation, or for some
 * operation); a choice for every operation applies where the scenario exists, and says where.
 */
export async function chooseScenario(
  engine: MockEngine,
  { scenario, operation, session }: ScenarioChoiceRequest,
): Promise<ControlOutcome<{ readonly appliedTo: readonly string[] }>> {
  const all = [...engine.catalog.operations.values()];
  const entries = all.filter((e) => operation === undefined || e.operation.id === operation);
  if (operation !== undefined && entries.length === 0) {
    const known = all.map((e) => e.operation.id);
    return {
      ok: false,
      status: 404,
      detail: `operation '${operation}' has no scenarios; operations with scenarios: ${known.join(', ') || 'none'}`,
    };
  }
  const appliedTo = entries.filter((e) => e.scenarios.has(scenario)).map((e) => e.operation.id);
  if (appliedTo.length === 0) {
    const names = [...new Set(entries.flatMap((e) => [...e.scenarios.keys()]))].sort();
    return {
      ok: false,
      status: 400,
      detail: `unknown scenario '${scenario}'${operation === undefined ? '' : ` for ${operation}`}; available: ${names.join(', ') || 'none'}`,
    };
  }
  await engine.store.setActive(scenario, { operation, session });
  return { ok: true, value: { appliedTo } };
}
