import type { IncomingHttpHeaders } from 'node:http';
import { answerWithChoice, describeChoice } from './answerWithChoice.ts';
import { collectParameters, type RawRequestParts } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createMockEngine.ts';
import { finishResult } from './finishResult.ts';
import { GenerationContexts } from './generationContexts.ts';
import { checkBodyHeaders, parseBody, type ReadBody } from './readRequestBody.ts';
import { renderError } from './renderError.ts';
import { ParsedRequest } from './requestTarget.ts';
import type { OperationScenarios } from '../scenarios/types.ts';
import { parsePrefer, type Preferences } from '../scenarios/parsePrefer.ts';
import {
  isSuccessChoice,
  resolveDefaultScenario,
  resolveRequestedScenario,
  resolveRuleScenario,
  type ChoiceInput,
  type ScenarioChoice,
} from '../scenarios/resolveScenario.ts';
import type { ScenarioState } from '../scenarios/createScenarioState.ts';
import type { Fault } from '../scenarios/types.ts';
import type { TemplateRequest } from '../scenarios/renderScenarioAnswer.ts';
import { checkCredentials } from '../security/checkCredentials.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { diagnosticsFromAjv, summarizeDiagnostics, type Diagnostic } from '../validate/diagnostic.ts';
import type { RouteMatch } from '../routing/createRouter.ts';

export type { ReadBody } from './readRequestBody.ts';

export interface MockRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface MockResult {
  readonly status: number;
  /** Owned by the receiver, which may add to it before sending. */
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
  /** The request body as read (text), for the journal; undefined when none was read. */
  readonly requestBody: string | undefined;
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
  const requested = resolveRequestedScenario(call, headers['x-mock-scenario'], preferences);
  if (requested && !isSuccessChoice(requested)) {
    // An error scenario answers as asked, but its templates may read the body (`{{request.body.botId}}`).
    const checked = checkBodyHeaders(engine, call.prepared, headers);
    const body =
      checked.kind === 'read' ? parseBody(engine, checked, await readBody(checked.limit)) : checked;
    if (body.kind !== 'none') call.requestText = body.text;
    if (body.kind === 'parsed') call.useBody(body.text, body.value);
    const result = call.answer(requested);
    return body.kind === 'error' && body.closeConnection ? { ...result, closeConnection: true } : result;
  }
  const ignored = requested && describeChoice(requested);

  const { operation, spec } = call.prepared;
  const credentialProblems = checkCredentials(
    operation.security,
    spec.securitySchemes,
    parsed,
    engine.loadedSpec(spec).accepted,
  );
  if (credentialProblems.length > 0) return call.fail(401, credentialProblems, { ignored });

  const checked = checkBodyHeaders(engine, call.prepared, headers);
  const body = checked.kind === 'read' ? parseBody(engine, checked, await readBody(checked.limit)) : checked;
  if (body.kind !== 'none') call.requestText = body.text;
  if (body.kind === 'error')
    return call.fail(body.status, body.diagnostics, { ignored, closeConnection: body.closeConnection });
  if (body.kind === 'parsed') call.useBody(body.text, body.value);

  let diagnostics = validateParameters(call.prepared, parsed);
  if (body.kind === 'parsed' && body.validate && !body.validate(body.value)) {
    diagnostics = [...diagnostics, ...diagnosticsFromAjv('body', body.validate.errors ?? [])];
  }
  if (diagnostics.length > 0) return call.fail(400, diagnostics, { ignored });
  call.headersValidated();

  return call.answer(
    requested ??
      resolveRuleScenario(call, () => call.templateRequest()) ??
      resolveDefaultScenario(call, engine.settings.defaultScenario),
  );
}

interface FailOptions {
  /** The success asked for that this error overrides (sent as `X-Mock-Scenario-Ignored`). */
  readonly ignored?: string | undefined;
  /** Close after answering; by default only when a large body was left unread. */
  readonly closeConnection?: boolean | undefined;
  readonly scenario?: string | undefined;
}

/**
 * The state of one request that reached an operation: what the answer may echo, the generation contexts, and the
 * parsed body once read. Implements `ChoiceInput` so scenario resolution reads it directly.
 */
class OperationCall implements ChoiceInput {
  readonly entry: OperationScenarios | undefined;
  readonly operationId: string;
  readonly state: ScenarioState;
  readonly session: string | undefined;
  /** The body as read, parsed or not (the journal shows it). */
  requestText: string | undefined;
  #bodyText = '';
  #bodyValue: unknown = undefined;
  #merged: Readonly<Record<string, string>> | undefined;
  #echoable: Readonly<Record<string, string>> | undefined;

  readonly engine: MockEngine;
  readonly prepared: PreparedOperation;
  readonly request: ParsedRequest;
  /** The method routed on (HEAD answers as GET). */
  readonly method: string;
  readonly preferences: Preferences | undefined;
  readonly contexts: GenerationContexts;

  constructor(
    engine: MockEngine,
    prepared: PreparedOperation,
    request: ParsedRequest,
    method: string,
    preferences: Preferences | undefined,
    contexts: GenerationContexts,
  ) {
    this.engine = engine;
    this.prepared = prepared;
    this.request = request;
    this.method = method;
    this.preferences = preferences;
    this.contexts = contexts;
    this.entry = engine.catalog.operations.get(prepared.operation);
    this.operationId = prepared.operation.id;
    this.state = engine.state;
    this.session = request.headers['x-mock-session'];
  }

  useBody(text: string, value: unknown): void {
    this.#bodyText = text;
    this.#bodyValue = value;
  }

  /** The request's headers with documented defaults filled in (copied only when a default is missing). */
  #requestHeaders(): Readonly<Record<string, string>> {
    if (this.#merged) return this.#merged;
    const { headerDefaults } = this.prepared;
    const { headers } = this.request;
    for (const name in headerDefaults) {
      if (headers[name] === undefined) return (this.#merged = { ...headerDefaults, ...headers });
    }
    return (this.#merged = headers);
  }

  /** What a response header may echo: an invalid header parameter would break the documented response header. */
  #echoableHeaders(): Readonly<Record<string, string>> {
    return (this.#echoable ??= withoutInvalidHeaders(
      this.prepared,
      this.#requestHeaders(),
      this.request.headers,
    ));
  }

  /** The header parameters passed validation, so every one may be echoed without checking it again. */
  headersValidated(): void {
    this.#echoable = this.#requestHeaders();
  }

  templateRequest(): TemplateRequest {
    return this.request.templateRequest(this.method, this.#bodyValue);
  }

  fail(wanted: number, diagnostics: readonly Diagnostic[], options: FailOptions = {}): MockResult {
    const { ignored, closeConnection, scenario = BUILT_IN_ANSWERS.invalidRequest } = options;
    const { spec, operation } = this.prepared;
    // An API that documents no 415 rejects a wrong media type as a bad request, like most frameworks do.
    const status = wanted === 415 && !documentsStatus(operation, 415) ? 400 : wanted;
    const rendered = renderError(
      { spec, operation },
      status,
      summarizeDiagnostics(diagnostics),
      diagnostics,
      this.contexts.for(status, spec, this.#bodyText),
      this.#echoableHeaders(),
    );
    if (status === 401) Object.assign(rendered.headers, authenticateHeader(this.prepared));
    if (ignored !== undefined)
      rendered.headers['X-Mock-Scenario-Ignored'] =
        `${ignored}: the request is invalid, so the validation error is returned instead`;
    return finishResult(rendered, {
      spec,
      operation,
      diagnostics,
      closeConnection:
        closeConnection ?? (this.#bodyValue === undefined && hasLargeBody(this.request.headers)),
      scenario,
      requestBody: this.requestText,
    });
  }

  answer(choice: ScenarioChoice): MockResult {
    const { spec, operation } = this.prepared;
    const outcome = answerWithChoice(
      choice,
      operation,
      // Response fields named like request fields echo them (secrets masked), as the API would.
      this.contexts.for(200, spec, this.#bodyText, this.#bodyValue),
      () => this.templateRequest(),
      this.#echoableHeaders(),
      this.preferences,
    );
    if (outcome.kind === 'problem')
      return this.fail(400, [outcome.diagnostic], { scenario: BUILT_IN_ANSWERS.unknownScenario });
    const rendered =
      this.method === 'HEAD' || this.request.method === 'HEAD'
        ? { ...outcome.rendered, body: undefined }
        : outcome.rendered;
    return finishResult(rendered, {
      spec,
      operation,
      diagnostics: NO_DIAGNOSTICS,
      scenario: outcome.scenario,
      delayMs: outcome.delayMs,
      fault: outcome.fault,
      requestBody: this.requestText,
    });
  }
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
    scenario: notFound ? BUILT_IN_ANSWERS.routeNotFound : BUILT_IN_ANSWERS.methodNotAllowed,
  });
}

/** `merged` with each header parameter that fails its schema replaced by its default, or dropped. */
function withoutInvalidHeaders(
  prepared: PreparedOperation,
  merged: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
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
