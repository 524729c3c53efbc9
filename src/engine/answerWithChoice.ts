import { findResponse, chooseSuccess } from '../mock/findResponse.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import { pickMediaType, type RenderedResponse } from '../mock/renderResponse.ts';
import type { Preferences } from '../scenarios/parsePrefer.ts';
import { renderScenarioAnswer } from '../scenarios/renderScenarioAnswer.ts';
import type { ScenarioChoice } from '../scenarios/resolveScenario.ts';
import type { Delay, Fault, Scenario } from '../scenarios/types.ts';
import type { OperationSpec } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { ScenarioAnswerOptions } from '../scenarios/renderScenarioAnswer.ts';

export type ChoiceOutcome =
  | {
      readonly kind: 'answer';
      readonly rendered: RenderedResponse;
      readonly scenario: string;
      readonly delayMs: number;
      readonly fault: Fault | undefined;
    }
  /** The choice is a mistake about the mock itself (an unknown scenario or example): never the API's answer. */
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic; readonly available: readonly string[] };

/**
 * Turns a scenario choice (a sequence already moved on to the step that answers) into the response to send, or a
 * diagnostic when the choice cannot be answered.
 */
export function answerWithChoice(
  choice: ScenarioChoice,
  operation: OperationSpec,
  context: GenerationContext,
  options: ScenarioAnswerOptions,
  preferences: Preferences | undefined,
): ChoiceOutcome {
  if (choice.kind === 'unknown') {
    const available =
      choice.available.length > 0 ? `available: ${choice.available.join(', ')}` : 'it has no scenarios';
    return problem(
      'unknown-scenario',
      `unknown scenario '${choice.name}' for ${operation.id}; ${available}`,
      choice.available,
    );
  }
  const scenario = choice.kind === 'scenario' ? choice.scenario : documentedAnswer(operation, choice.status);
  if (!scenario) {
    const documented = operation.responses.map((r) => r.status);
    const asked = choice.kind === 'response' ? choice.status : undefined;
    return problem(
      'undocumented-status',
      asked === undefined
        ? `${operation.id} documents no success answer (2xx, 3xx or default); documented: ${documented.join(', ')}`
        : `Prefer: code=${asked} is not documented for ${operation.id}; documented: ${documented.join(', ')}`,
      documented,
    );
  }
  const name = describeChoice(choice);
  const delayMs = scenario.delay === undefined ? 0 : pickDelay(scenario.delay, context);
  if (scenario.fault === 'reset' || scenario.fault === 'timeout') {
    return {
      kind: 'answer',
      scenario: name,
      delayMs,
      fault: scenario.fault,
      rendered: { status: 0, headers: {}, body: undefined, mediaType: undefined },
    };
  }
  const status = scenario.status ?? 200;
  if (scenario.example === undefined && preferences?.example !== undefined) {
    const examples = exampleNames(operation, status);
    if (!examples.includes(preferences.example))
      return problem(
        'unknown-example',
        `Prefer: example=${preferences.example} is not documented for ${operation.id} ${status}; ${examples.length > 0 ? `examples: ${examples.join(', ')}` : 'it has no examples'}`,
        examples,
      );
  }
  const exampleName =
    scenario.example ??
    preferences?.example ??
    (preferences?.dynamic === false ? exampleNames(operation, status)[0] : undefined);
  const rendered = renderScenarioAnswer(
    exampleName === scenario.example ? scenario : { ...scenario, example: exampleName },
    status,
    operation,
    context.status === status ? context : { ...context, status },
    options,
  );
  if (!rendered)
    return problem('undocumented-status', `status ${status} is not documented for ${operation.id}`, []);
  return { kind: 'answer', rendered, scenario: name, delayMs, fault: scenario.fault };
}

/** The name sent in `X-Mock-Scenario`. */
export function describeChoice(choice: ScenarioChoice): string {
  if (choice.kind === 'response')
    return choice.status === undefined ? 'default' : `prefer-code-${choice.status}`;
  if (choice.kind === 'scenario' && choice.scenario.name !== choice.name)
    return `${choice.name}/${choice.scenario.name}`;
  return choice.name;
}

/** A documented response treated as an unnamed scenario (no catalog entry, or `Prefer: code=` without one). */
function documentedAnswer(operation: OperationSpec, status: number | undefined): Scenario | undefined {
  const success = status === undefined ? chooseSuccess(operation) : undefined;
  const wanted = status ?? success?.status;
  if (wanted === undefined) return undefined;
  const response = findResponse(operation.responses, wanted);
  return (
    response && { name: 'default', description: wanted >= 400 ? response.description : '', status: wanted }
  );
}

function exampleNames(operation: OperationSpec, status: number): string[] {
  const response = findResponse(operation.responses, status);
  const media = response && pickMediaType(response);
  return media ? [...media.examples.keys()] : [];
}

function pickDelay(delay: Delay, context: GenerationContext): number {
  return typeof delay === 'number'
    ? delay
    : context.faker.number.int({ min: delay.min, max: Math.max(delay.min, delay.max) });
}

function problem(code: string, message: string, available: readonly string[]): ChoiceOutcome {
  return { kind: 'problem', diagnostic: { location: 'header', code, path: '', message }, available };
}
