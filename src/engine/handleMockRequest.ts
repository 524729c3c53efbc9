import type { IncomingHttpHeaders } from 'node:http';
import { answerWithChoice, describeChoice } from './answerWithChoice.ts';
import { collectParameters, parseCookies, type RawRequestParts } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createMockEngine.ts';
import { finishResult } from './finishResult.ts';
import { generationContexts } from './generationContexts.ts';
import { readRequestBody, type ReadBody } from './readRequestBody.ts';
import { renderError } from './renderError.ts';
import { flattenHeaders, queryObject, splitUrl } from './requestTarget.ts';
import { parsePrefer } from '../scenarios/parsePrefer.ts';
import {
  isSuccessChoice,
  resolveDefaultScenario,
  resolveRequestedScenario,
  resolveRuleScenario,
  type ScenarioChoice,
} from '../scenarios/resolveScenario.ts';
import type { Fault } from '../scenarios/types.ts';
import { checkCredentials } from '../security/checkCredentials.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { diagnosticsFromAjv, summarizeDiagnostics, type Diagnostic } from '../validate/diagnostic.ts';

export type { ReadBody } from './readRequestBody.ts';

export interface MockRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface MockResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly spec: SpecIndex | undefined;
  readonly operation: OperationSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Which scenario answered (also sent as `X-Mock-Scenario`). */
  readonly scenario: string;
  /** The body was not read to the end: the connection must close after this answer. */
  readonly closeConnection: boolean;
  /** Wait this long before answering. */
  readonly delayMs: number;
  readonly fault: Fault | undefined;
}

/** Names in `X-Mock-Scenario` for answers the mock's own checks gave. */
export const BUILT_IN_ANSWERS = {
  routeNotFound: 'route-not-found',
  methodNotAllowed: 'method-not-allowed',
  invalidRequest: 'request-validation',
  unknownScenario: 'unknown-scenario',
} as const;

/**
 * route → scenario asked for → credentials → media type → body → parameter and body schemas → the chosen answer.
 * An error scenario asked for explicitly answers at once; a success asked for never hides an invalid request.
 */
export async function handleMockRequest(
  engine: MockEngine,
  request: MockRequest,
  readBody: ReadBody,
): Promise<MockResult> {
  const url = splitUrl(request.url);
  const headers = flattenHeaders(request.headers);
  let method = request.method.toUpperCase();
  let match = engine.router.match(method, url.path);
  if (match.kind === 'method-not-allowed' && method === 'HEAD' && match.allow.includes('GET')) {
    method = 'GET';
    match = engine.router.match(method, url.path);
  }
  const preferences = parsePrefer(headers['prefer']);
  const context = generationContexts(engine, request, preferences?.seed);

  if (match.kind !== 'operation') {
    // No operation matched: answer in the spec's own error format for the status, echoing no request header.
    const notFound = match.kind === 'not-found';
    const status = notFound ? 404 : 405;
    const allow = match.kind === 'method-not-allowed' ? match.allow.join(', ') : undefined;
    const diagnostic = notFound
      ? routeDiagnostic('not-found', `no operation is documented at ${url.path}`)
      : routeDiagnostic(
          'method-not-allowed',
          `${method} is not documented for ${url.path}; allowed: ${allow ?? ''}`,
        );
    const rendered = renderError(
      { spec: match.spec, operation: undefined },
      status,
      diagnostic.message,
      [diagnostic],
      context(status, match.spec),
      NO_ECHO,
    );
    return finishResult(
      allow === undefined ? rendered : { ...rendered, headers: { ...rendered.headers, Allow: allow } },
      {
        spec: match.spec,
        diagnostics: [diagnostic],
        scenario: notFound ? BUILT_IN_ANSWERS.routeNotFound : BUILT_IN_ANSWERS.methodNotAllowed,
      },
    );
  }

  const prepared = engine.prepared(match.operation);
  const { spec, operation } = prepared;
  let merged: Record<string, string> | undefined;
  const requestHeaders = (): Record<string, string> =>
    (merged ??= { ...prepared.headerDefaults, ...headers });
  // What a response header may echo: an invalid header parameter would break the documented response header.
  let echoable: Record<string, string> | undefined;
  const echoableHeaders = (): Record<string, string> =>
    (echoable ??= withoutInvalidHeaders(prepared, requestHeaders(), headers));
  let bodyText = '';
  let bodyValue: unknown;
  const fail = (
    wanted: number,
    diagnostics: readonly Diagnostic[],
    extra: { headers?: Record<string, string>; closeConnection?: boolean; scenario?: string } = {},
  ): MockResult => {
    // An API that documents no 415 rejects a wrong media type as a bad request, like most frameworks do.
    const status = wanted === 415 && !documentsStatus(operation, 415) ? 400 : wanted;
    const rendered = renderError(
      { spec, operation },
      status,
      summarizeDiagnostics(diagnostics),
      diagnostics,
      context(status, spec, bodyText),
      echoableHeaders(),
    );
    return finishResult(
      { ...rendered, headers: { ...rendered.headers, ...extra.headers } },
      {
        spec,
        operation,
        diagnostics,
        closeConnection: extra.closeConnection ?? (bodyValue === undefined && hasLargeBody(headers)),
        scenario: extra.scenario ?? BUILT_IN_ANSWERS.invalidRequest,
      },
    );
  };
  const choiceInput = {
    entry: engine.catalog.operations.get(operation),
    operationId: operation.id,
    state: engine.state,
    session: headers['x-mock-session'],
  };
  const answer = (choice: ScenarioChoice): MockResult => {
    const templateRequest = () => ({
      method,
      path: match.pathParams,
      query: queryObject(url.query),
      headers,
      body: bodyValue,
    });
    const outcome = answerWithChoice(
      choice,
      operation,
      // Response fields named like request fields echo them (secrets masked), as the API would.
      { ...context(200, spec, bodyText), echo: bodyValue },
      templateRequest,
      echoableHeaders(),
      preferences,
    );
    if (outcome.kind === 'problem')
      return fail(400, [outcome.diagnostic], { scenario: BUILT_IN_ANSWERS.unknownScenario });
    const rendered =
      method === 'HEAD' || request.method.toUpperCase() === 'HEAD'
        ? { ...outcome.rendered, body: undefined }
        : outcome.rendered;
    return finishResult(rendered, {
      spec,
      operation,
      diagnostics: [],
      scenario: outcome.scenario,
      delayMs: outcome.delayMs,
      fault: outcome.fault,
    });
  };

  const requested = resolveRequestedScenario(choiceInput, headers['x-mock-scenario'], preferences);
  if (requested && !isSuccessChoice(requested)) {
    // An error scenario answers as asked, but its templates may read the body (`{{request.body.botId}}`).
    const body = await readRequestBody(engine, prepared, headers, readBody);
    if (body.kind === 'parsed') [bodyText, bodyValue] = [body.text, body.value];
    const result = answer(requested);
    return body.kind === 'error' && body.closeConnection ? { ...result, closeConnection: true } : result;
  }
  const ignored = requested && {
    'X-Mock-Scenario-Ignored': `${describeChoice(requested)}: the request is invalid, so the validation error is returned instead`,
  };

  const cookies = parseCookies(headers['cookie']);
  const credentialProblems = checkCredentials(
    operation.security,
    spec.securitySchemes,
    {
      header: (name) => headers[name.toLowerCase()],
      query: (name) => url.query.get(name) ?? undefined,
      cookie: (name) => cookies[name],
    },
    engine.loadedSpec(spec).accepted,
  );
  if (credentialProblems.length > 0)
    return fail(401, credentialProblems, { headers: { ...authenticateHeader(prepared), ...ignored } });

  const body = await readRequestBody(engine, prepared, headers, readBody);
  if (body.kind === 'error')
    return fail(body.status, body.diagnostics, {
      headers: { ...ignored },
      closeConnection: body.closeConnection,
    });
  if (body.kind === 'parsed') [bodyText, bodyValue] = [body.text, body.value];

  const parts: RawRequestParts = {
    pathParams: match.pathParams,
    get query() {
      return url.query;
    },
    headers,
    cookies,
  };
  const diagnostics = [...validateParameters(prepared, parts)];
  if (body.kind === 'parsed' && body.validate && !body.validate(body.value)) {
    diagnostics.push(...diagnosticsFromAjv('body', body.validate.errors ?? []));
  }
  if (diagnostics.length > 0) return fail(400, diagnostics, { headers: { ...ignored } });
  // The header parameters just passed validation, so every one may be echoed without checking it again.
  echoable = requestHeaders();

  const ruleInput = () => ({
    method,
    path: match.pathParams,
    query: queryObject(url.query),
    headers,
    body: bodyValue,
  });
  return answer(
    requested ??
      resolveRuleScenario(choiceInput, ruleInput) ??
      resolveDefaultScenario(choiceInput, engine.settings.defaultScenario),
  );
}

/** `merged` with each header parameter that fails its schema replaced by its default, or dropped. */
function withoutInvalidHeaders(
  prepared: PreparedOperation,
  merged: Record<string, string>,
  headers: Record<string, string>,
): Record<string, string> {
  const validate = prepared.validators.parameters.get('header');
  if (!validate) return merged;
  const parts = { pathParams: {}, query: new URLSearchParams(), headers, cookies: {} };
  if (validate(collectParameters(prepared.parameterPlans, 'header', parts))) return merged;
  const invalid = new Set((validate.errors ?? []).map((error) => error.instancePath.split('/')[1]));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) {
    const kept = invalid.has(name) ? prepared.headerDefaults[name] : value;
    if (kept !== undefined) out[name] = kept;
  }
  return out;
}

function validateParameters(prepared: PreparedOperation, parts: RawRequestParts): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [location, validate] of prepared.validators.parameters) {
    const values = collectParameters(prepared.parameterPlans, location, parts);
    if (!validate(values)) diagnostics.push(...diagnosticsFromAjv(location, validate.errors ?? []));
  }
  return diagnostics;
}

/**
 * No operation matched, so no parameter schema can vouch for the request's headers: none is echoed into the answer
 * (response headers are generated from their own schemas instead).
 */
const NO_ECHO: Readonly<Record<string, string>> = Object.freeze({});

/** A body this large (or of unknown length) that was never read is not worth draining: close after answering. */
function hasLargeBody(headers: Readonly<Record<string, string>>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 64 * 1024;
}

function documentsStatus(operation: OperationSpec, status: number): boolean {
  return operation.responses.some(
    (r) => r.status === String(status) || r.status === `${Math.floor(status / 100)}XX`,
  );
}

function routeDiagnostic(code: string, message: string): Diagnostic {
  return { location: 'route', code, path: '', message };
}

function authenticateHeader(prepared: PreparedOperation): Record<string, string> {
  for (const requirement of prepared.operation.security) {
    for (const key of requirement) {
      const scheme = prepared.spec.securitySchemes.get(key);
      if (scheme?.type === 'http')
        return {
          'WWW-Authenticate': `${capitalize(scheme.scheme ?? 'bearer')} realm="${prepared.spec.name}"`,
        };
      if (scheme?.type === 'oauth2' || scheme?.type === 'openIdConnect')
        return { 'WWW-Authenticate': `Bearer realm="${prepared.spec.name}"` };
    }
  }
  return {};
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
