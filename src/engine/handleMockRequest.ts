import { applyResourceAction } from './applyResourceAction.ts';
import { describeChoice } from './answerWithChoice.ts';
import { collectParameters, type RawRequestParts } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createEngine.ts';
import { finishResult } from './finishResult.ts';
import { GenerationContexts } from './generationContexts.ts';
import type { MockRequest, MockResult } from './mockResult.ts';
import { BUILT_IN_ANSWERS, OperationCall } from './operationCall.ts';
import { checkBodyHeaders, parseBody, type ReadBody } from './readRequestBody.ts';
import { renderError } from './renderError.ts';
import { ParsedRequest } from './requestTarget.ts';
import { parsePrefer } from '../scenarios/parsePrefer.ts';
import {
  isSuccessChoice,
  resolveDefaultScenario,
  resolveRequestedScenario,
  resolveRuleScenario,
  takeStep,
  type ScenarioChoice,
} from '../scenarios/resolveScenario.ts';
import { checkCredentials } from '../security/checkCredentials.ts';
import { diagnosticsFromAjv, type Diagnostic } from '../validate/diagnostic.ts';
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
  const parsed = new ParsedRequest(request.method, request.url, request.headers);
  const { headers } = parsed;
  let method = parsed.method;
  let match = engine.router.match(method, parsed.path);
  if (match.kind === 'method-not-allowed' && method === 'HEAD' && match.allow.includes('GET')) {
    method = 'GET';
    match = engine.router.match(method, parsed.path);
  }
  const preferences = parsePrefer(headers['prefer']);
  const contexts = new GenerationContexts(
    preferences?.seed ?? engine.settings.seed,
    request.method,
    request.url,
  );
  if (match.kind !== 'operation') return answerUnrouted(match, method, parsed.path, contexts);
  parsed.pathParams = match.pathParams;
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

  // Credentials.
  const { operation, spec } = call.prepared;
  const credentialProblems = checkCredentials(
    operation.security,
    spec.securitySchemes,
    parsed,
    engine.loadedSpec(spec).accepted,
  );
  if (credentialProblems.length > 0) return call.fail(401, credentialProblems, { ignored });

  // Body: media type, size, syntax.
  const checked = checkBodyHeaders(engine, call.prepared, headers);
  const body = checked.kind === 'read' ? parseBody(engine, checked, await readBody(checked.limit)) : checked;
  if (body.kind === 'error') {
    call.sawBody(body.text);
    return call.fail(body.status, body.diagnostics, { ignored, closeConnection: body.closeConnection });
  }
  if (body.kind === 'parsed') call.useBody(body.text, body.value);

  // Parameters and the body's schema.
  let diagnostics = validateParameters(call.prepared, parsed);
  if (body.kind === 'parsed' && body.validate && !body.validate(body.value)) {
    diagnostics = [...diagnostics, ...diagnosticsFromAjv('body', body.validate.errors ?? [])];
  }
  if (diagnostics.length > 0) return call.fail(400, diagnostics, { ignored });
  call.headersValidated();

  // Scenario: asked for, else the first matching rule, else the default; a sequence moves on here.
  const choice = await takeStep(
    requested ??
      (await resolveRuleScenario(call, () => call.templateRequest())) ??
      (await resolveDefaultScenario(call, engine.settings.defaultScenario)),
  );

  // State, for an operation of a resource answering with success; then the answer.
  const plan = engine.statePlans.get(operation);
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

/** A named example (by scenario or `Prefer`) is a fixed answer: it is sent as written, without state. */
function asksForExample(call: OperationCall, choice: ScenarioChoice): boolean {
  const preferences = call.preferences;
  return (
    (choice.kind === 'scenario' && choice.scenario.example !== undefined) ||
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

function validateParameters(prepared: PreparedOperation, parts: RawRequestParts): readonly Diagnostic[] {
  let diagnostics: Diagnostic[] | undefined;
  for (const [location, validate] of prepared.validators.parameters) {
    const values = collectParameters(prepared.parameterPlans, location, parts);
    if (!validate(values)) (diagnostics ??= []).push(...diagnosticsFromAjv(location, validate.errors ?? []));
  }
  return diagnostics ?? NO_DIAGNOSTICS;
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/**
 * No operation matched, so no parameter schema can vouch for the request's headers: none is echoed into the answer
 * (response headers are generated from their own schemas instead).
 */
const NO_ECHO: Readonly<Record<string, string>> = Object.freeze({});

function routeDiagnostic(code: string, message: string): Diagnostic {
  return { location: 'route', code, path: '', message };
}
