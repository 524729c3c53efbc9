import type { MockStore } from '../store/types.ts';
import type { Preferences } from './parsePrefer.ts';
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
       * For a sequence: moves it on and returns the step that answers. Called once, when the answer is decided, so
       * a request refused before that (invalid, no credentials) uses up no step.
       */
      readonly take?: (() => Promise<Scenario>) | undefined;
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
  readonly store: MockStore;
  readonly session: string | undefined;
}

/**
 * Choices a client or operator made for this request: header, then `Prefer: code=`, then the admin API. A choice
 * made for every operation applies only to the operations that have that scenario.
 */
export async function resolveRequestedScenario(
  input: ChoiceInput,
  header: string | undefined,
  preferences: Preferences | undefined,
): Promise<ScenarioChoice | undefined> {
  if (header !== undefined && header.trim() !== '')
    return positioned(input, byName(input, header.trim(), 'header'));
  if (preferences?.code !== undefined) {
    const match = [...(input.entry?.scenarios.values() ?? [])].find(
      (s) => s.status === preferences.code && s.fault === undefined,
    );
    return match
      ? positioned(input, byName(input, match.name, 'prefer'))
      : { kind: 'response', source: 'prefer', status: preferences.code };
  }
  const active = await input.store.active(input.operationId, input.session);
  if (!active) return undefined;
  if (active.allOperations && !input.entry?.scenarios.has(active.scenario)) return undefined;
  return positioned(input, byName(input, active.scenario, active.scope === 'session' ? 'session' : 'admin'));
}

/** The first rule whose `when` schema matches the request (built only if a rule applies); opt-in rules only when enabled. */
export async function resolveRuleScenario(
  input: ChoiceInput,
  request: () => unknown,
): Promise<ScenarioChoice | undefined> {
  const rules = input.entry?.rules ?? [];
  if (rules.length === 0) return undefined;
  const enabled = rules.some((rule) => rule.optIn) ? await input.store.enabledRules() : undefined;
  let subject: unknown;
  for (const rule of rules) {
    if (rule.optIn && (rule.name === undefined || !enabled?.has(rule.name))) continue;
    subject ??= request();
    if (rule.matches(subject)) return positioned(input, byName(input, rule.scenario, 'rule'));
  }
  return undefined;
}

/** The CLI's `--scenario` when the operation has it, else `success`, else the lowest documented 2xx. */
export function resolveDefaultScenario(
  input: ChoiceInput,
  cliDefault: string | undefined,
): ScenarioChoice | Promise<ScenarioChoice> {
  if (cliDefault !== undefined && input.entry?.scenarios.has(cliDefault))
    return positioned(input, byName(input, cliDefault, 'cli'));
  if (input.entry?.scenarios.has('success')) return positioned(input, byName(input, 'success', 'default'));
  return { kind: 'response', source: 'default', status: undefined };
}

/** A sequence answers with its current step: its position is read (a promise) only for sequences. */
function positioned(input: ChoiceInput, choice: ScenarioChoice): ScenarioChoice | Promise<ScenarioChoice> {
  return choice.kind === 'scenario' && choice.scenario.steps ? withSequencePosition(input, choice) : choice;
}

/** A sequence's next step, reading its position (the sequence moves on only when `take` is called). */
async function withSequencePosition(
  input: ChoiceInput,
  choice: Extract<ScenarioChoice, { kind: 'scenario' }>,
): Promise<ScenarioChoice> {
  if (!choice.scenario.steps) return choice;
  const steps = choice.scenario.steps;
  const sequence = `${input.operationId}|${choice.name}`;
  const stepAt = (position: number): Scenario =>
    input.entry?.scenarios.get(steps[Math.min(position, steps.length - 1)] ?? choice.name) ?? choice.scenario;
  const next = stepAt(await input.store.position(input.session, sequence));
  const take = async (): Promise<Scenario> => {
    const taken = stepAt(await input.store.advance(input.session, sequence));
    // A concurrent request moved the sequence on: a step chosen as an error was answered without validating the
    // request, so it must not turn into a success now.
    return isSuccessScenario(next) || !isSuccessScenario(taken) ? taken : next;
  };
  return { ...choice, scenario: next, take };
}

/** The choice with its sequence moved on: the step that answers this request. */
export async function takeStep(choice: ScenarioChoice): Promise<ScenarioChoice> {
  if (choice.kind !== 'scenario' || !choice.take) return choice;
  return { kind: 'scenario', source: choice.source, name: choice.name, scenario: await choice.take() };
}

function byName(input: ChoiceInput, name: string, source: ChoiceSource): ScenarioChoice {
  const scenario = input.entry?.scenarios.get(name);
  if (!scenario)
    return { kind: 'unknown', source, name, available: [...(input.entry?.scenarios.keys() ?? [])] };
  return { kind: 'scenario', source, name, scenario };
}

export function isSuccessChoice(choice: ScenarioChoice): boolean {
  if (choice.kind === 'unknown') return false;
  if (choice.kind === 'response') return choice.status === undefined || choice.status < 300;
  return isSuccessScenario(choice.scenario);
}

export function isSuccessScenario(scenario: Scenario): boolean {
  return scenario.fault === undefined && (scenario.status ?? 200) < 300;
}
