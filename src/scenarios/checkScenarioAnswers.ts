import { fakerFor } from '../mock/fakerSource.ts';
import { findResponse } from '../mock/findResponse.ts';
import { generateValue } from '../mock/generateValue.ts';
import { pickMediaType } from '../mock/renderResponse.ts';
import type { SpecValidators } from '../validate/compileSpecValidators.ts';
import { diagnosticsFromAjv, summarizeDiagnostics } from '../validate/diagnostic.ts';
import { checkTemplatePaths } from './checkTemplatePaths.ts';
import { renderScenarioAnswer } from './renderScenarioAnswer.ts';
import type { OperationScenarios } from './types.ts';

export interface ScenarioProblem {
  readonly scenario: string;
  readonly message: string;
}

/**
 * Renders each scenario's answer for a generated valid request and validates it against the spec, so a scenario
 * that would send an undocumented status or an invalid body fails at load time, not in a frontend.
 */
export function checkScenarioAnswers(
  entry: OperationScenarios,
  validators: SpecValidators,
): ScenarioProblem[] {
  const { operation, spec } = entry;
  const compiled = validators.operations.get(operation);
  const problems: ScenarioProblem[] = [];
  const faker = fakerFor(1);
  const context = { faker, document: spec.document, now: new Date(), direction: 'response' as const };
  const media = operation.requestBody?.content[0];
  const body = media?.schema
    ? generateValue(media.schema.schema, { ...context, direction: 'request' })
    : undefined;
  const request = { method: operation.method.toUpperCase(), path: {}, query: {}, headers: {}, body };

  for (const scenario of entry.scenarios.values()) {
    for (const message of checkTemplatePaths(scenario, operation, spec))
      problems.push({ scenario: scenario.name, message });
    if (scenario.status === undefined) continue;
    const response = findResponse(operation.responses, scenario.status);
    if (!response) {
      problems.push({
        scenario: scenario.name,
        message: `status ${scenario.status} is not documented for ${operation.id} (documented: ${operation.responses.map((r) => r.status).join(', ')})`,
      });
      continue;
    }
    const answerMedia = pickMediaType(response);
    if (scenario.example !== undefined && !answerMedia?.examples.has(scenario.example)) {
      problems.push({
        scenario: scenario.name,
        message: `example '${scenario.example}' is not documented for status ${scenario.status}`,
      });
      continue;
    }
    const answer = renderScenarioAnswer(
      scenario,
      scenario.status,
      operation,
      { ...context, status: scenario.status },
      { request: () => request, requestHeaders: {} },
    );
    const validate =
      answerMedia && compiled?.responses.get(response.status)?.bodies.get(answerMedia.mediaType);
    if (answer && validate && !validate(answer.body)) {
      problems.push({
        scenario: scenario.name,
        message: `its ${scenario.status} answer does not match the spec: ${summarizeDiagnostics(diagnosticsFromAjv('body', validate.errors ?? []))}`,
      });
    }
    // Literal header values are checked too; templated ones depend on the request and are left to run time.
    const validateHeaders = compiled?.responses.get(response.status)?.headers;
    const literalHeaders = Object.values(scenario.headers ?? {}).every((value) => !value.includes('{{'));
    if (answer && validateHeaders && literalHeaders) {
      const sent = Object.fromEntries(
        Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      if (!validateHeaders(sent)) {
        problems.push({
          scenario: scenario.name,
          message: `its ${scenario.status} headers do not match the spec: ${summarizeDiagnostics(diagnosticsFromAjv('header', validateHeaders.errors ?? []))}`,
        });
      }
    }
  }
  return problems;
}
