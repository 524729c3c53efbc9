import { statusText } from '../http/statusText.ts';
import { fillErrorFields } from '../mock/fillErrorFields.ts';
import { findResponse } from '../mock/findResponse.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import { pickMediaType, renderResponse, type RenderedResponse } from '../mock/renderResponse.ts';
import type { OperationSpec } from '../spec/types.ts';
import { deepMerge } from './deepMerge.ts';
import { renderTemplate } from './renderTemplate.ts';
import type { Scenario } from './types.ts';

/** What templates in a scenario can read: `{{request.body.title}}`, `{{generated.id}}`, `{{now}}`, `{{uuid}}`. */
export interface TemplateRequest {
  readonly method: string;
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface ScenarioAnswerOptions {
  /** Built only when the scenario has templates to fill. */
  readonly request: () => TemplateRequest;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body before the scenario's overrides (e.g. from the store); `generate` makes the usual one. */
  readonly body?: ((generate: () => unknown) => unknown) | undefined;
}

/**
 * The answer a scenario gives: the documented response for its status (its named example, generated data, or the
 * body given), with the scenario's body deep-merged over it and its headers added. Error statuses carry the
 * scenario's description.
 */
export function renderScenarioAnswer(
  scenario: Scenario,
  status: number,
  operation: OperationSpec,
  context: GenerationContext,
  options: ScenarioAnswerOptions,
): RenderedResponse | undefined {
  const response = findResponse(operation.responses, status);
  if (!response) return undefined;
  if (scenario.verbatim === true) {
    const media = pickMediaType(response);
    return {
      status,
      headers: { ...scenario.headers },
      body: scenario.body,
      mediaType:
        scenario.body === undefined || !media
          ? undefined
          : media.mediaType.includes('*')
            ? 'application/json'
            : media.mediaType,
    };
  }
  const { request, requestHeaders } = options;
  const rendered = renderResponse(response, status, context, {
    exampleName: scenario.example,
    requestHeaders,
    body: options.body,
  });
  const media = pickMediaType(response);
  let body = rendered.body;
  if (status >= 400 && media?.schema && scenario.example === undefined) {
    body = fillErrorFields(
      context.document,
      media.schema.schema,
      body,
      status,
      scenario.description || statusText(status),
    );
  }
  if (scenario.body === undefined && scenario.headers === undefined) return { ...rendered, body };
  const templateContext = {
    request: request(),
    generated: body,
    now: context.now.toISOString(),
    uuid: context.faker.string.uuid(),
  };
  return {
    ...rendered,
    body: deepMerge(body, renderTemplate(scenario.body, templateContext)),
    headers: {
      ...rendered.headers,
      ...(renderTemplate(scenario.headers ?? {}, templateContext) as Record<string, string>),
    },
  };
}
