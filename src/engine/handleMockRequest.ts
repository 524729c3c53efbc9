import type { IncomingHttpHeaders } from 'node:http';
import { chooseSuccess } from '../mock/findResponse.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import { renderResponse, type RenderedResponse } from '../mock/renderResponse.ts';
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
  /** The body was not read to the end: the connection must close after this answer. */
  readonly closeConnection: boolean;
}

/** route → credentials → media type → body → parameters and body schemas → the documented success answer. */
export async function handleMockRequest(
  engine: MockEngine,
  request: MockRequest,
  readBody: ReadBody,
): Promise<MockResult> {
  const url = new URL(request.url, 'http://mock.invalid');
  const headers = flattenHeaders(request.headers);
  let method = request.method.toUpperCase();
  let match = engine.router.match(method, url.pathname);
  if (match.kind === 'method-not-allowed' && method === 'HEAD' && match.allow.includes('GET')) {
    method = 'GET';
    match = engine.router.match(method, url.pathname);
  }
  const context = generationContexts(engine, request);

  if (match.kind === 'not-found') {
    const diagnostic = routeDiagnostic('not-found', `no operation is documented at ${url.pathname}`);
    return finish(
      renderError(
        { spec: match.spec, operation: undefined },
        404,
        diagnostic.message,
        [diagnostic],
        context(404, match.spec),
        headers,
      ),
      match.spec,
      undefined,
      [diagnostic],
    );
  }
  if (match.kind === 'method-not-allowed') {
    const diagnostic = routeDiagnostic(
      'method-not-allowed',
      `${method} is not documented for ${url.pathname}; allowed: ${match.allow.join(', ')}`,
    );
    const rendered = renderError(
      { spec: match.spec, operation: undefined },
      405,
      diagnostic.message,
      [diagnostic],
      context(405, match.spec),
      headers,
    );
    return finish(
      { ...rendered, headers: { ...rendered.headers, Allow: match.allow.join(', ') } },
      match.spec,
      undefined,
      [diagnostic],
    );
  }

  const prepared = engine.prepared(match.operation);
  const { spec, operation } = prepared;
  const requestHeaders = { ...prepared.headerDefaults, ...headers };
  let bodyText = '';
  const fail = (
    status: number,
    diagnostics: readonly Diagnostic[],
    extraHeaders: Record<string, string> = {},
    closeConnection = false,
  ): MockResult => {
    const rendered = renderError(
      { spec, operation },
      status,
      summarizeDiagnostics(diagnostics),
      diagnostics,
      context(status, spec, bodyText),
      requestHeaders,
    );
    return finish(
      { ...rendered, headers: { ...rendered.headers, ...extraHeaders } },
      spec,
      operation,
      diagnostics,
      closeConnection,
    );
  };

  const cookies = parseCookies(headers['cookie']);
  const credentialProblems = checkCredentials(
    operation.security,
    spec.securitySchemes,
    {
      header: (name) => headers[name.toLowerCase()],
      query: (name) => url.searchParams.get(name) ?? undefined,
      cookie: (name) => cookies[name],
    },
    engine.loadedSpec(spec).accepted,
  );
  if (credentialProblems.length > 0) return fail(401, credentialProblems, authenticateHeader(prepared));

  const body = await readRequestBody(engine, prepared, headers, readBody);
  if (body.kind === 'parsed') bodyText = body.text;
  if (body.kind === 'error') return fail(body.status, body.diagnostics, {}, body.closeConnection);

  const parts: RawRequestParts = { pathParams: match.pathParams, query: url.searchParams, headers, cookies };
  const diagnostics = [...validateParameters(prepared, parts)];
  if (body.kind === 'parsed' && body.validate && !body.validate(body.value)) {
    diagnostics.push(...diagnosticsFromAjv('body', body.validate.errors ?? []));
  }
  if (diagnostics.length > 0) return fail(400, diagnostics);

  const success = chooseSuccess(operation);
  if (!success)
    return finish({ status: 204, headers: {}, body: undefined, mediaType: undefined }, spec, operation, []);
  const echo = body.kind === 'parsed' ? body.value : undefined;
  const rendered = renderResponse(
    success.response,
    success.status,
    { ...context(success.status, spec, bodyText), echo },
    { requestHeaders },
  );
  return finish(
    request.method.toUpperCase() === 'HEAD' ? { ...rendered, body: undefined } : rendered,
    spec,
    operation,
    [],
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

function validateParameters(prepared: PreparedOperation, parts: RawRequestParts): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [location, validate] of prepared.validators.parameters) {
    const values = collectParameters(prepared.parameterPlans, location, parts);
    if (!validate(values)) diagnostics.push(...diagnosticsFromAjv(location, validate.errors ?? []));
  }
  return diagnostics;
}

/**
 * Contexts for generated data. Faker is seeded once per request, just before the first value is generated: from the
 * `--seed` and the request itself (so equal requests get equal answers), or at random.
 */
function generationContexts(
  engine: MockEngine,
  request: MockRequest,
): (status: number, spec: SpecIndex | undefined, bodyText?: string) => GenerationContext {
  const { seed } = engine.settings;
  let now: Date | undefined;
  return (status, spec, bodyText = '') => {
    if (now === undefined) {
      if (seed === undefined) {
        engine.faker.seed();
        now = new Date();
      } else {
        const value = seedFor(String(seed), request.method, request.url, bodyText);
        engine.faker.seed(value);
        now = new Date(Date.UTC(2026, 0, 1) + (value % (180 * 86_400_000)));
      }
    }
    return { faker: engine.faker, document: spec?.document ?? {}, now, direction: 'response', status };
  };
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

function finish(
  rendered: RenderedResponse,
  spec: SpecIndex | undefined,
  operation: OperationSpec | undefined,
  diagnostics: readonly Diagnostic[],
  closeConnection = false,
): MockResult {
  const headers = { ...rendered.headers };
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
  return { status: rendered.status, headers, body, spec, operation, diagnostics, closeConnection };
}
