import type { IncomingHttpHeaders } from 'node:http';
import type { GenerationContext } from '../mock/generateValue.ts';
import type { RenderedResponse } from '../mock/renderResponse.ts';
import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { parseJsonSafely } from '../http/parseJsonSafely.ts';
import type { BodyRead } from '../http/readBody.ts';
import { checkCredentials } from '../security/checkCredentials.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { diagnosticsFromAjv, summarizeDiagnostics, type Diagnostic } from '../validate/diagnostic.ts';
import { collectParameters, parseCookies, type RawRequestParts } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createMockEngine.ts';
import { renderError } from './renderError.ts';
import { seedFor } from './seedFor.ts';
import type { Faker } from '@faker-js/faker';
import { fakerFor } from '../mock/fakerSource.ts';
import { answerWithChoice, describeChoice } from './answerWithChoice.ts';
import { parsePrefer } from '../scenarios/parsePrefer.ts';
import {
  isSuccessChoice,
  resolveDefaultScenario,
  resolveRequestedScenario,
  resolveRuleScenario,
  type ScenarioChoice,
} from '../scenarios/resolveScenario.ts';
import type { Fault } from '../scenarios/types.ts';

export interface MockRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type ReadBody = (limit: number) => Promise<BodyRead>;

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
    return finish(
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
  const requestHeaders = { ...prepared.headerDefaults, ...headers };
  // What a response header may echo: an invalid header parameter would break the documented response header.
  let echoable: Record<string, string> | undefined;
  const echoableHeaders = (): Record<string, string> =>
    (echoable ??= withoutInvalidHeaders(prepared, requestHeaders, headers));
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
    return finish(
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
    return finish(rendered, {
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
  echoable = requestHeaders;

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

type BodyOutcome =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'parsed';
      readonly value: unknown;
      readonly text: string;
      readonly validate: PreparedOperation['validators']['bodies'] extends ReadonlyMap<string, infer V>
        ? V
        : never;
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly closeConnection: boolean;
    };

async function readRequestBody(
  engine: MockEngine,
  prepared: PreparedOperation,
  headers: Record<string, string>,
  readBody: ReadBody,
): Promise<BodyOutcome> {
  const { requestBody } = prepared.operation;
  if (!requestBody || requestBody.content.length === 0) return { kind: 'none' };
  const present =
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers['transfer-encoding'] !== undefined;
  const error = (
    status: number,
    code: string,
    location: Diagnostic['location'],
    message: string,
    closeConnection = false,
  ): BodyOutcome => ({
    kind: 'error',
    status,
    closeConnection,
    diagnostics: [{ location, code, path: '', message }],
  });
  if (!present) {
    return requestBody.required
      ? error(400, 'required', 'body', 'body is required but the request has none')
      : { kind: 'none' };
  }
  const documented = requestBody.content.map((m) => m.mediaType).join(', ');
  const mediaType = essence(headers['content-type']);
  if (mediaType === undefined)
    return error(415, 'missing', 'content-type', `Content-Type is missing; send one of: ${documented}`);
  const media = findMediaType(requestBody.content, mediaType);
  if (!media)
    return error(
      415,
      'unsupported',
      'content-type',
      `Content-Type '${mediaType}' is not supported; send one of: ${documented}`,
    );

  const read = await readBody(engine.settings.bodyLimit);
  if (read.kind === 'too-large')
    return error(413, 'too-large', 'body', `body is larger than ${read.limit} bytes`, true);
  if (read.kind === 'aborted')
    return error(400, 'aborted', 'body', 'the request body was not received in full', true);
  const text = read.bytes.toString('utf8');
  const validate = prepared.validators.bodies.get(media.mediaType);
  if (isJsonMediaType(mediaType)) {
    if (text.trim() === '')
      return requestBody.required
        ? error(400, 'required', 'body', 'body is required but is empty')
        : { kind: 'none' };
    const parsed = parseJsonSafely(text, engine.settings.maxDepth);
    if (!parsed.ok) return error(400, 'malformed', 'body', `body is not valid JSON: ${parsed.reason}`);
    return { kind: 'parsed', value: parsed.value, text, validate };
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = form[key];
      form[key] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return { kind: 'parsed', value: form, text, validate };
  }
  if (mediaType.startsWith('text/')) return { kind: 'parsed', value: text, text, validate };
  return { kind: 'parsed', value: undefined, text, validate: undefined };
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
 * Contexts for generated data. Faker is prepared once per request, just before the first value is generated:
 * seeded from the `--seed` (or `Prefer: seed=`) and the request itself, so equal requests get equal answers, or
 * left on its random sequence.
 */
function generationContexts(
  engine: MockEngine,
  request: MockRequest,
  preferredSeed: string | undefined,
): (status: number, spec: SpecIndex | undefined, bodyText?: string) => GenerationContext {
  const seed = preferredSeed ?? engine.settings.seed;
  let prepared: { faker: Faker; now: Date; microseconds: number } | undefined;
  return (status, spec, bodyText = '') => {
    if (prepared === undefined) {
      if (seed === undefined) {
        const micros = (performance.timeOrigin + performance.now()) * 1000;
        prepared = {
          faker: fakerFor(undefined),
          now: new Date(Math.floor(micros / 1000)),
          microseconds: Math.floor(micros) % 1000,
        };
      } else {
        const value = seedFor(String(seed), request.method, request.url, bodyText);
        prepared = {
          faker: fakerFor(value),
          now: new Date(Date.UTC(2026, 0, 1) + (value % (180 * 86_400_000))),
          microseconds: value % 1000,
        };
      }
    }
    return { ...prepared, document: spec?.document ?? {}, direction: 'response', status };
  };
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

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

interface Outcome {
  readonly spec: SpecIndex | undefined;
  readonly operation?: OperationSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly scenario: string;
  readonly closeConnection?: boolean;
  readonly delayMs?: number;
  readonly fault?: Fault | undefined;
}

function finish(rendered: RenderedResponse, outcome: Outcome): MockResult {
  const headers: Record<string, string> = { ...rendered.headers, 'X-Mock-Scenario': outcome.scenario };
  let body: string | undefined;
  if (rendered.body !== undefined && rendered.mediaType !== undefined) {
    const json = rendered.mediaType.endsWith('json');
    body = typeof rendered.body === 'string' && !json ? rendered.body : JSON.stringify(rendered.body);
    headers['Content-Type'] =
      json || rendered.mediaType.startsWith('text/')
        ? `${rendered.mediaType}; charset=utf-8`
        : rendered.mediaType;
  }
  headers['Content-Length'] = String(body === undefined ? 0 : Buffer.byteLength(body));
  return {
    status: rendered.status,
    headers,
    body,
    spec: outcome.spec,
    operation: outcome.operation,
    diagnostics: outcome.diagnostics,
    scenario: outcome.scenario,
    closeConnection: outcome.closeConnection ?? false,
    delayMs: outcome.delayMs ?? 0,
    fault: outcome.fault,
  };
}

/** Path and query of a request target, the query parsed only when something reads it. */
function splitUrl(target: string): { readonly path: string; readonly query: URLSearchParams } {
  const hash = target.indexOf('#');
  const withoutHash = hash < 0 ? target : target.slice(0, hash);
  const end = withoutHash.indexOf('?');
  const path = end < 0 ? withoutHash : withoutHash.slice(0, end);
  const search = end < 0 ? '' : withoutHash.slice(end + 1);
  let query: URLSearchParams | undefined;
  return {
    path: path.startsWith('/') ? path : `/${path}`,
    get query() {
      return (query ??= new URLSearchParams(search));
    },
  };
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (query.size === 0) return out;
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}
