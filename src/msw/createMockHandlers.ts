import { delay, http, HttpResponse, type HttpHandler } from 'msw';
// From the client's entry, the module `mockgram types` augments: importing it puts it in a user's program.
import type { OperationId, ScenarioName } from '../client/index.ts';
import type { JournalEntry } from '../journal/createRequestJournal.ts';
import { chooseScenario } from '../control/chooseScenario.ts';
import { seedState, showState } from '../control/sessionState.ts';
import type { CoverageReport } from '../coverage/createCoverage.ts';
import { bodyToSend } from '../engine/bodyToSend.ts';
import { createEngine, type EngineOptions, type MockEngine } from '../engine/createEngine.ts';
import type { MockResult } from '../engine/mockResult.ts';
import { MockgramError } from '../errors.ts';
import type { BodyRead } from '../http/bodyRead.ts';
import type { ScenarioSource } from '../scenarios/buildScenarioCatalog.ts';
import { isRecord } from '../spec/isRecord.ts';
import { readBasePath, readServerUrl } from '../spec/readBasePath.ts';
import { readDocument, type LoadedDocument } from '../spec/readDocument.ts';
import type { ResourceState } from '../state/stateSnapshot.ts';

/** An OpenAPI document, or one with the name scenario files know it by and where else to serve it. */
export type SpecInput =
  | object
  | {
      readonly document: object;
      /** What scenario files call it (`spec: sensay`); default: its title, lower-case, words joined by `-`. */
      readonly name?: string | undefined;
      /** Also answer under these URLs, besides the spec's first server URL (e.g. your dev proxy's). */
      readonly baseUrl?: string | readonly string[] | undefined;
    };

export interface MockHandlersOptions extends EngineOptions {
  /** Parsed (and bundled: local `$ref`s only) OpenAPI 3.0/3.1 documents. */
  readonly specs: readonly SpecInput[];
  /** Parsed scenario files (the same content as `scenarios/*.yaml`). */
  readonly scenarios?: readonly object[] | undefined;
  /** State seeds, shaped like `GET /__mock/state` (with an optional `session`), stored now and on `reset()`. */
  readonly state?: readonly object[] | undefined;
  /** Looked up for scenario files' `credentials.*.env` names (default: none). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** What `createMockHandlers` gives a test suite: the handlers for MSW, and the controls the admin API offers. */
export interface MockHandlers {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  readonly handlers: readonly HttpHandler[];
  readonly engine: MockEngine;
  /**
   * Chooses a scenario, for one operation or every operation that has it, for one session or all; returns the
   * operations it applies to. An unknown name throws `UNKNOWN_SCENARIO` listing the names there are. With the
   * declarations `mockgram types` writes, names are checked by `tsc` as with `mockgram/client`.
   */
  use<const Op extends OperationId | undefined = undefined>(
    scenario: ScenarioName<Op extends OperationId ? Op : OperationId>,
    options?: { readonly operation?: Op; readonly session?: string },
  ): Promise<readonly string[]>;
  /** Back to the default scenarios, for one session or all. */
  clear(session?: string): Promise<void>;
  /**
   * Everything back to the start: scenario choices, sequences, rules, objects, journal and coverage. With
   * `keepCoverage`, coverage keeps counting across resets (e.g. `afterEach`), to be checked once at the end.
   */
  reset(options?: { readonly keepCoverage?: boolean }): Promise<void>;
  /** The recent requests, newest first. */
  requests(limit?: number): readonly JournalEntry[];
  /** What was exercised, overall or for one session (`default`: requests without `X-Mock-Session`). */
  coverage(session?: string): CoverageReport;
  /** A session's stored objects, by resource. */
  state(session?: string): Promise<readonly ResourceState[]>;
  /** Replaces a session's objects (checked against the spec first; a bad seed throws `STATE_INVALID`). */
  seed(state: object, session?: string): Promise<void>;
}

/**
 * MSW handlers answering through mockgram's engine: the same validation, error bodies, scenarios (by
 * `X-Mock-Scenario`, `Prefer`, `use()`), rules, sequences, state, journal and coverage as the server. Each spec is
 * served at its first server URL and at any `baseUrl` given for it. Imports no `node:` module, so it runs in a
 * browser (`setupWorker`) as in Node (`setupServer`); `mockgram/msw` in Node also takes file paths.
 */
export async function createMockHandlers(options: MockHandlersOptions): Promise<MockHandlers> {
  const specs = options.specs.map(specFrom);
  const engine = await createEngine(
    {
      specs: specs.map((s) => s.loaded),
      scenarios: (options.scenarios ?? []).map((content, i): ScenarioSource => ({
        file: `scenarios[${i}]`,
        content,
      })),
      seeds: (options.state ?? []).map((content, i): ScenarioSource => ({ file: `state[${i}]`, content })),
      env: options.env,
    },
    options,
  );
  const handlers = specs.flatMap((spec) => spec.urls.map((url) => handlerFor(engine, url, spec.basePath)));
  return {
    handlers,
    engine,
    async use(scenario, where = {}) {
      const chosen = await chooseScenario(engine, {
        scenario,
        operation: where.operation,
        session: where.session,
      });
      if (!chosen.ok) throw new MockgramError('UNKNOWN_SCENARIO', chosen.detail);
      return chosen.value.appliedTo;
    },
    clear: (session) => engine.store.clearActive(session),
    reset: (options) => engine.reset(options),
    requests: (limit) => engine.journal.list(limit),
    coverage: (session) =>
      engine.coverage.report(
        engine.specs.map(({ index }) => index),
        engine.catalog,
        session,
      ),
    state: (session) => showState(engine, session),
    async seed(state, session) {
      const seeded = await seedState(engine, session, state);
      if (!seeded.ok)
        throw new MockgramError(
          'STATE_INVALID',
          seeded.problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        );
    },
  };
}

interface ServedSpec {
  readonly loaded: LoadedDocument;
  readonly basePath: string;
  /** URL prefixes (origin and path, or `*` and a path) it answers under. */
  readonly urls: readonly string[];
}

function specFrom(input: SpecInput, index: number): ServedSpec {
  const wrapped = isRecord(input) && 'document' in input && !('openapi' in input);
  const document: unknown = wrapped ? input.document : input;
  const given = wrapped && typeof input['name'] === 'string' ? input['name'] : undefined;
  const name = given ?? nameFromTitle(document) ?? `spec-${String(index + 1)}`;
  const loaded = readDocument(name, document);
  const extra = wrapped ? input['baseUrl'] : undefined;
  const extras =
    typeof extra === 'string'
      ? [extra]
      : Array.isArray(extra)
        ? extra.filter((u) => typeof u === 'string')
        : [];
  const served = readServerUrl(loaded.document);
  return {
    loaded,
    basePath: readBasePath(loaded.document),
    urls: [served === '' ? '/' : served, ...extras].map(urlPrefix),
  };
}

function nameFromTitle(document: unknown): string | undefined {
  const info = isRecord(document) ? document['info'] : undefined;
  const title = isRecord(info) ? info['title'] : undefined;
  if (typeof title !== 'string') return undefined;
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' ? undefined : slug;
}

/** A URL without its trailing slash; a relative one (`/api`) answers on any origin. */
function urlPrefix(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `*${trimmed.startsWith('/') ? '' : '/'}${trimmed}`;
}

function handlerFor(engine: MockEngine, prefix: string, basePath: string): HttpHandler {
  const prefixPath = prefix.startsWith('*')
    ? prefix.slice(1)
    : new URL(`${prefix}/`).pathname.replace(/\/$/, '');
  return http.all(`${prefix}/*`, async ({ request, cookies }) => {
    const url = new URL(request.url);
    const rest = url.pathname.startsWith(prefixPath) ? url.pathname.slice(prefixPath.length) : url.pathname;
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    // fetch sends the cookie jar apart from the headers, and computes Content-Length itself: the engine reads both.
    if (headers['cookie'] === undefined && Object.keys(cookies).length > 0)
      headers['cookie'] = Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    if (bytes && bytes.length > 0 && headers['transfer-encoding'] === undefined)
      headers['content-length'] = String(bytes.length);
    const result = await engine.handle(
      { method: request.method, url: `${basePath}${rest}${url.search}`, headers },
      (limit) => Promise.resolve(bodyRead(bytes, limit)),
    );
    return toResponse(result);
  });
}

function bodyRead(bytes: Uint8Array | undefined, limit: number): BodyRead {
  if (bytes === undefined) return { kind: 'ok', bytes: new Uint8Array() };
  return bytes.length > limit ? { kind: 'too-large', limit } : { kind: 'ok', bytes };
}

/** The engine's answer as a fetch Response, its delay and faults played: a reset is a network error. */
async function toResponse(result: MockResult): Promise<Response> {
  if (result.delayMs > 0) await delay(result.delayMs);
  if (result.fault === 'reset') return HttpResponse.error();
  if (result.fault === 'timeout') await delay('infinite');
  return new HttpResponse(bodyToSend(result) ?? null, { status: result.status, headers: result.headers });
}
