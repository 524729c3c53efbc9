import type { Preferences } from './parsePrefer.ts';
import type { ScenarioState } from './createScenarioState.ts';
import type { OperationScenarios, Scenario } from './types.ts';

export type ChoiceSource = 'header' | 'prefer' | 'session' | 'admin' | 'rule' | 'cli' | 'default';

export type ScenarioChoice =
  /** A catalog scenario; `name` is the one asked for, `scenario` the step of a sequence that answers now. */
  | {
      readonly kind: 'scenario';
      readonly source: ChoiceSource;
      readonly name: string;
      readonly scenario: Scenario;
      /**
       * For a sequence: moves it on and returns the step that answers. Called once, when the answer is sent, so a
       * request refused before that (invalid, no credentials) uses up no step.
       */
      readonly take?: () => Scenario;
    }
  /** No catalog scenario: the documented response for `status` (the lowest 2xx when unset). */
  | { readonly kind: 'response'; readonly source: ChoiceSource; readonly status: number | undefined }
  | {
      readonly kind: 'unknown';
      readonly source: ChoiceSource;
      readonly name: string;
      readonly available: readonly string[];
    };

export interface ChoiceInput {
  readonly entry: OperationScenarios | undefined;
  readonly operationId: string;
  readonly state: ScenarioState;
  readonly session: string | undefined;
}

/** Choices a client or operator made for this request: header, then `Prefer: code=`, then the admin API. */
export function resolveRequestedScenario(
  input: ChoiceInput,
  header: string | undefined,
  preferences: Preferences | undefined,
): ScenarioChoice | undefined {
  if (header !== undefined && header.trim() !== '') return byName(input, header.trim(), 'header');
  if (preferences?.code !== undefined) {
    const match = [...(input.entry?.scenarios.values() ?? [])].find(
      (s) => s.status === preferences.code && s.fault === undefined,
    );
    return match
      ? byName(input, match.name, 'prefer')
      : { kind: 'response', source: 'prefer', status: preferences.code };
  }
  const active = input.state.active(input.operationId, input.session);
  return active && byName(input, active.scenario, active.scope === 'session' ? 'session' : 'admin');
}

/** The first rule whose `when` schema matches the request (built only if a rule applies); opt-in rules only when enabled. */
export function resolveRuleScenario(input: ChoiceInput, request: () => unknown): ScenarioChoice | undefined {
  const rules = input.entry?.rules ?? [];
  let subject: unknown;
  for (const rule of rules) {
    if (rule.optIn && (rule.name === undefined || !input.state.isRuleEnabled(rule.name))) continue;
    subject ??= request();
    if (rule.matches(subject)) return byName(input, rule.scenario, 'rule');
  }
  return undefined;
}

/** The CLI's `--scenario` when the operation has it, else `success`, else the lowest documented 2xx. */
export function resolveDefaultScenario(input: ChoiceInput, cliDefault: string | undefined): ScenarioChoice {
  if (cliDefault !== undefined && input.entry?.scenarios.has(cliDefault))
    return byName(input, cliDefault, 'cli');
  if (input.entry?.scenarios.has('success')) return byName(input, 'success', 'default');
  return { kind: 'response', source: 'default', status: undefined };
}

function byName(input: ChoiceInput, name: string, source: ChoiceSource): ScenarioChoice {
  const scenario = input.entry?.scenarios.get(name);
  if (!scenario)
    return { kind: 'unknown', source, name, available: [...(input.entry?.scenarios.keys() ?? [])] };
  const steps = scenario.steps;
  if (!steps) return { kind: 'scenario', source, name, scenario };
  const key = `${input.session ?? ''}|${input.operationId}|${name}`;
  const stepAt = (position: number): Scenario =>
    input.entry?.scenarios.get(steps[Math.min(position, steps.length - 1)] ?? name) ?? scenario;
  const next = stepAt(input.state.position(key));
  const take = (): Scenario => {
    const taken = stepAt(input.state.advance(key));
    // A concurrent request moved the sequence on: a step chosen as an error was answered without validating the
    // request, so it must not turn into a success now.
    return isSuccessScenario(next) || !isSuccessScenario(taken) ? taken : next;
  };
  return { kind: 'scenario', source, name, scenario: next, take };
}

export function isSuccessChoice(choice: ScenarioChoice): boolean {
  if (choice.kind === 'unknown') return false;
  if (choice.kind === 'response') return choice.status === undefined || choice.status < 300;
  return isSuccessScenario(choice.scenario);
}

function isSuccessScenario(scenario: Scenario): boolean {
  return scenario.fault === undefined && (scenario.status ?? 200) < 300;
}
