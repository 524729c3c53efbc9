import { applyResourceAction } from './applyResourceAction.ts';
import { describeChoice } from './answerWithChoice.ts';
import { checkRequest } from './checkRequest.ts';
import type { MockEngine } from './createEngine.ts';
import { finishResult } from './finishResult.ts';
import { GenerationContexts } from './generationContexts.ts';
import type { MockRequest, MockResult } from './mockResult.ts';
import { BUILT_IN_ANSWERS, OperationCall } from './operationCall.ts';
import { checkBodyHeaders, parseBody, type ReadBody } from './readRequestBody.ts';
import { renderError } from './renderError.ts';
import { routeRequest } from './routeRequest.ts';
import { parsePrefer } from '../scenarios/parsePrefer.ts';
import {
  isSuccessChoice,
  resolveDefaultScenario,
  resolveRequestedScenario,
  resolveRuleScenario,
  takeStep,
  type ScenarioChoice,
} from '../scenarios/resolveScenario.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { RouteMatch } from '../routing/createRouter.ts';

export type { ReadBody } from './readRequestBody.ts';
export type { MockRequest, MockResult, StateOutcome } from './mockResult.ts';
export { BUILT_IN_ANSWERS } from './operationCall.ts';

/**
 * One request through the engine, as a straight line of stages: route → scenario asked for → credentials → body →
 * parameters → scenario → state → answer. An error scenario asked for explicitly answers at once (no validation, no
 * state); a success asked for never hides an invalid request.
 */
export async function handleMockRequest(
  engine: MockEngine,
  request: MockRequest,
  readBody: ReadBody,
): Promise<MockResult> {
  // Route.
  const { parsed, method, match } = routeRequest(engine, request);
  const { headers } = parsed;
  const preferences = parsePrefer(headers['prefer']);
  const contexts = new GenerationContexts(
    preferences?.seed ?? engine.settings.seed,
    request.method,
    request.url,
  );
  if (match.kind !== 'operation') return answerUnrouted(match, method, parsed.path, contexts);
  const call = new OperationCall(
    engine,
    engine.prepared(match.operation),
    parsed,
    method,
    preferences,
    contexts,
  );

  // A scenario asked for by the client or the admin API: an error answers now, as asked.
  const requested = await resolveRequestedScenario(call, headers['x-mock-scenario'], preferences);
  if (requested && !isSuccessChoice(requested)) return answerAsAsked(call, requested, readBody);
  const ignored = requested && describeChoice(requested);

  // Credentials, body, parameters and the body's schema.
  const checked = await checkRequest(engine, call.prepared, parsed, readBody);
  const { body } = checked;
  if (body.kind === 'parsed') call.useBody(body.text, body.value);
  else if (body.kind === 'error') call.sawBody(body.text);
  if (checked.status !== undefined)
    return call.fail(checked.status, checked.diagnostics, {
      ignored,
      closeConnection: checked.closeConnection,
    });
  call.headersValidated();

  // Scenario: asked for, else the first matching rule, else the default; a sequence moves on here.
  const choice = await takeStep(
    requested ??
      (await resolveRuleScenario(call, () => call.templateRequest())) ??
      (await resolveDefaultScenario(call, engine.settings.defaultScenario)),
  );

  // State, for an operation of a resource answering with success; then the answer.
  const plan = engine.statePlans.get(call.operation);
  if (plan && isSuccessChoice(choice) && !asksForExample(call, choice))
    return applyResourceAction(call, plan, choice);
  return call.answer(choice);
}

/** An error scenario asked for: its templates may read the body (`{{request.body.botId}}`), so it is read if sent. */
async function answerAsAsked(
  call: OperationCall,
  requested: ScenarioChoice,
  readBody: ReadBody,
): Promise<MockResult> {
  const checked = checkBodyHeaders(call.engine, call.prepared, call.request.headers);
  const body =
    checked.kind === 'read' ? parseBody(call.engine, checked, await readBody(checked.limit)) : checked;
  if (body.kind === 'parsed') call.useBody(body.text, body.value);
  else if (body.kind === 'error') call.sawBody(body.text);
  const result = call.answer(await takeStep(requested));
  return body.kind === 'error' && body.closeConnection ? { ...result, closeConnection: true } : result;
}

/** A named example (by scenario or `Prefer`) or a verbatim scenario is a fixed answer: sent as written, without state. */
function asksForExample(call: OperationCall, choice: ScenarioChoice): boolean {
  const preferences = call.preferences;
  return (
    (choice.kind === 'scenario' &&
      (choice.scenario.example !== undefined || choice.scenario.verbatim === true)) ||
    preferences?.example !== undefined ||
    preferences?.dynamic === false
  );
}

/** No operation matched: answer in the spec's own error format for the status, echoing no request header. */
function answerUnrouted(
  match: Exclude<RouteMatch, { kind: 'operation' }>,
  method: string,
  path: string,
  contexts: GenerationContexts,
): MockResult {
  const notFound = match.kind === 'not-found';
  const status = notFound ? 404 : 405;
  const allow = match.kind === 'method-not-allowed' ? match.allow.join(', ') : undefined;
  const diagnostic = notFound
    ? routeDiagnostic('not-found', `no operation is documented at ${path}`)
    : routeDiagnostic(
        'method-not-allowed',
        `${method} is not documented for ${path}; allowed: ${allow ?? ''}`,
      );
  const rendered = renderError(
    { spec: match.spec, operation: undefined },
    status,
    diagnostic.message,
    [diagnostic],
    contexts.for(status, match.spec),
    NO_ECHO,
  );
  if (allow !== undefined) rendered.headers['Allow'] = allow;
  return finishResult(rendered, {
    spec: match.spec,
    diagnostics: [diagnostic],
    requestBody: undefined,
    scenario: notFound ? BUILT_IN_ANSWERS.routeNotFound : BUILT_IN_ANSWERS.methodNotAllowed,
  });
}

/**
 * No operation matched, so no parameter schema can vouch for the request's headers: none is echoed into the answer
 * (response headers are generated from their own schemas instead).
 */
const NO_ECHO: Readonly<Record<string, string>> = Object.freeze({});

function routeDiagnostic(code: string, message: string): Diagnostic {
  return { location: 'route', code, path: '', message };
}
