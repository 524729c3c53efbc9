import { answerWithChoice, type ChoiceOutcome } from './answerWithChoice.ts';
import { collectParameters } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createEngine.ts';
import { finishResult } from './finishResult.ts';
import type { GenerationContexts } from './generationContexts.ts';
import type { MockResult } from './mockResult.ts';
import { renderError } from './renderError.ts';
import { renderMockProblem } from './renderMockProblem.ts';
import type { ParsedRequest } from './requestTarget.ts';
import type { Preferences } from '../scenarios/parsePrefer.ts';
import type { TemplateRequest } from '../scenarios/renderScenarioAnswer.ts';
import type { ChoiceInput, ScenarioChoice } from '../scenarios/resolveScenario.ts';
import type { OperationScenarios } from '../scenarios/types.ts';
import type { MockStore } from '../store/types.ts';
import type { OperationSpec } from '../spec/types.ts';
import { summarizeDiagnostics, type Diagnostic } from '../validate/diagnostic.ts';

/** Names in `X-Mock-Scenario` for answers the mock's own checks gave. */
export const BUILT_IN_ANSWERS = {
  routeNotFound: 'route-not-found',
  methodNotAllowed: 'method-not-allowed',
  invalidRequest: 'request-validation',
  unknownScenario: 'unknown-scenario',
  notFound: 'not-found',
} as const;

export interface FailOptions {
  /** The success asked for that this error overrides (sent as `X-Mock-Scenario-Ignored`). */
  readonly ignored?: string | undefined;
  /** Close after answering; by default only when a large body was left unread. */
  readonly closeConnection?: boolean | undefined;
  readonly scenario?: string | undefined;
}

/** What the state stage adds to an answer. */
export interface StateEffects {
  readonly state?: MockResult['state'] | undefined;
  readonly evictions?: MockResult['evictions'] | undefined;
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/**
 * One request that reached an operation, as it goes through the stages: what the answer may echo, the generation
 * contexts, the parsed body once read. Implements `ChoiceInput` so scenario resolution reads it directly.
 */
export class OperationCall implements ChoiceInput {
  readonly entry: OperationScenarios | undefined;
  readonly operationId: string;
  readonly store: MockStore;
  readonly session: string | undefined;
  #bodyText = '';
  #bodyValue: unknown = undefined;
  /** The body as read, parsed or not (the journal shows it). */
  #readText: string | undefined;
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
    this.store = engine.store;
    this.session = request.headers['x-mock-session'];
  }

  get operation(): OperationSpec {
    return this.prepared.operation;
  }

  /** The parsed request body (`undefined` before it is read, or when there is none). */
  get body(): unknown {
    return this.#bodyValue;
  }

  get bodyText(): string {
    return this.#bodyText;
  }

  useBody(text: string, value: unknown): void {
    this.#bodyText = text;
    this.#bodyValue = value;
    this.#readText = text;
  }

  /** A body was read but could not be used (malformed JSON): the journal still shows what was sent. */
  sawBody(text: string | undefined): void {
    this.#readText = text;
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

  /** An error in the API's own format, carrying the diagnostics that caused it. */
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
      requestBody: this.#readText,
    });
  }

  /**
   * Renders a choice's answer, not yet sent: the documented response (generated, or `body` made from the
   * generated one or from the store), the scenario's overrides merged over it.
   */
  render(choice: ScenarioChoice, body?: (generate: () => unknown) => unknown): ChoiceOutcome {
    const { spec, operation } = this.prepared;
    return answerWithChoice(
      choice,
      operation,
      // Response fields named like request fields echo them (secrets masked), as the API would.
      this.contexts.for(200, spec, this.#bodyText, this.#bodyValue),
      { request: () => this.templateRequest(), requestHeaders: this.#echoableHeaders(), body },
      this.preferences,
    );
  }

  /** The result for a rendered answer; a mistake about the mock itself is answered as a mockgram problem. */
  finish(outcome: ChoiceOutcome, effects: StateEffects = {}): MockResult {
    const { spec, operation } = this.prepared;
    if (outcome.kind === 'problem') {
      return finishResult(renderMockProblem(outcome.diagnostic, outcome.available), {
        spec,
        operation,
        diagnostics: [outcome.diagnostic],
        scenario: BUILT_IN_ANSWERS.unknownScenario,
        requestBody: this.#readText,
      });
    }
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
      state: effects.state,
      evictions: effects.evictions,
      requestBody: this.#readText,
    });
  }

  answer(choice: ScenarioChoice): MockResult {
    return this.finish(this.render(choice));
  }
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

/** A body this large (or of unknown length) that was never read is not worth draining: close after answering. */
function hasLargeBody(headers: Readonly<Record<string, string>>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 64 * 1024;
}

function documentsStatus(operation: OperationSpec, status: number): boolean {
  return operation.responses.some(
    (r) => r.status === String(status) || r.status === `${Math.floor(status / 100)}XX`,
  );
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
