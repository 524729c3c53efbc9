import type { CoverageReport } from '../coverage/createCoverage.ts';
import { MockgramError } from '../errors.ts';
import { MockClientError } from './MockClientError.ts';
import { readCoverageReport } from './readCoverageReport.ts';
import type {
  ActiveChoices,
  HealthView,
  RequestRecord,
  ScenarioCatalogView,
  SeedResult,
  StateSeed,
  StateView,
  UseResult,
} from './types.ts';

/**
 * Augmented by the `.d.ts` that `mockgram types` writes: operationId → the union of its scenario names. Left empty,
 * every operation and scenario name is a plain string.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface MockScenarios {}

/** The operation ids `mockgram types` found, or `string` before it ran. */
export type OperationId = [keyof MockScenarios] extends [never]
  ? string
  : Extract<keyof MockScenarios, string>;

/** The scenario names of `Op` (of every operation by default), or `string` before `mockgram types` ran. */
export type ScenarioName<Op extends OperationId = OperationId> = [keyof MockScenarios] extends [never]
  ? string
  : Op extends keyof MockScenarios
    ? MockScenarios[Op]
    : never;

/**
 * Which session a call is about: a session id; `null` for none (server-wide scenario choices, coverage of every
 * request, the state of requests without `X-Mock-Session`); left out, the client's own session.
 */
export interface SessionOption {
  readonly session?: string | null;
}

export interface UseOptions<Op> extends SessionOption {
  /** Only this operation; left out, every operation that has a scenario of that name. */
  readonly operation?: Op;
}

export interface ConnectOptions {
  /** Where the mock listens, e.g. `http://127.0.0.1:4010` (the admin API is under `/__mock`). */
  readonly baseUrl: string;
  /** The session every call is about unless it names another; send it as `X-Mock-Session` with `headers()`. */
  readonly session?: string | undefined;
  /** The admin token, needed when the mock listens off loopback (`--admin-token`). */
  readonly token?: string | undefined;
  /** How long one admin call may take (default 10 000 ms). */
  readonly timeoutMs?: number | undefined;
}

/** The mock's admin API as typed calls; every failure is a `MockClientError` naming the URL and the mock's detail. */
export interface MockClient {
  readonly baseUrl: string;
  readonly session: string | undefined;
  /** `X-Mock-Session` for the client's session (`{}` without one), e.g. for Playwright's `extraHTTPHeaders`. */
  headers(): Record<string, string>;
  /** The same mock, about another session. */
  withSession(session: string | undefined): MockClient;

  /** Chooses a scenario for one operation or for every operation that has it, for the session or the server. */
  use<const Op extends OperationId | undefined = undefined>(
    scenario: ScenarioName<Op extends OperationId ? Op : OperationId>,
    options?: UseOptions<Op>,
  ): Promise<UseResult>;
  /** Drops the session's (or the server's) scenario choices and sequence positions. */
  clear(options?: SessionOption): Promise<ActiveChoices>;
  /** Everything back to the start, for every session: choices, sequences, rules, objects, coverage and journal. */
  reset(): Promise<void>;
  /** Turns an opt-in rule on or off (for the whole server). */
  rule(name: string, enabled: boolean): Promise<ActiveChoices>;
  scenarios(): Promise<ScenarioCatalogView>;
  health(): Promise<HealthView>;

  /**
   * The most recent requests, newest first, of the session when one is in effect (the journal keeps the last 500 of
   * all sessions; coverage counts every request).
   */
  requests(options?: SessionOption & { readonly limit?: number }): Promise<RequestRecord[]>;
  /** Empties the journal (of every session). */
  clearRequests(): Promise<void>;

  /** Which operations, documented statuses and scenarios the session's (or all) requests exercised. */
  coverage(options?: SessionOption): Promise<CoverageReport>;
  clearCoverage(options?: SessionOption): Promise<void>;

  state(options?: SessionOption): Promise<StateView>;
  /** Replaces the session's stored objects with `state` (checked against the spec first: a bad seed changes nothing). */
  seed(state: StateSeed, options?: SessionOption): Promise<SeedResult>;
  clearState(options?: SessionOption): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A typed client for a running mock's admin API, over plain `fetch` (Node, browsers, Playwright tests alike). */
export function connectMock(options: ConnectOptions): MockClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `timeoutMs must be a whole number above 0 (got ${String(timeoutMs)})`,
    );
  const auth: Record<string, string> =
    options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const url = `${baseUrl}/__mock${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      const why = isTimeout(cause) ? `no answer within ${String(timeoutMs)} ms` : networkReason(cause);
      throw new MockClientError('MOCK_UNREACHABLE', `cannot reach the mock at ${url}: ${why}`, {
        method,
        url,
        cause,
      });
    }
    const parsed = parseJson(text);
    if (!response.ok) {
      const detail = problemDetail(parsed) ?? (text.trim().slice(0, 200) || response.statusText);
      throw new MockClientError(
        'MOCK_ADMIN_ERROR',
        `${method} ${url} answered ${String(response.status)}: ${detail}`,
        { method, url, status: response.status, detail, problem: parsed },
      );
    }
    if (text === '') return undefined;
    if (parsed === undefined) {
      throw new MockClientError(
        'MOCK_ADMIN_ERROR',
        `${method} ${url} answered ${String(response.status)} without JSON: is ${baseUrl} a mockgram mock?`,
        { method, url, status: response.status, detail: text.trim().slice(0, 200) },
      );
    }
    return parsed;
  };

  const client = (session: string | undefined): MockClient => {
    const pick = (option: SessionOption | undefined): string | undefined => {
      const chosen = option?.session === undefined ? session : option.session;
      return chosen ?? undefined;
    };
    const query = (option: SessionOption | undefined): string => {
      const chosen = pick(option);
      return chosen === undefined ? '' : `?session=${encodeURIComponent(chosen)}`;
    };
    return {
      baseUrl,
      session,
      headers: (): Record<string, string> => (session === undefined ? {} : { 'X-Mock-Session': session }),
      withSession: (other) => client(other),

      use: async (scenario, useOptions) => {
        const chosen = pick(useOptions);
        return (await call('PUT', '/scenarios/active', {
          scenario,
          ...(useOptions?.operation !== undefined && { operation: useOptions.operation }),
          ...(chosen !== undefined && { session: chosen }),
        })) as UseResult;
      },
      clear: async (clearOptions) =>
        ((await call('DELETE', `/scenarios/active${query(clearOptions)}`)) as { active: ActiveChoices })
          .active,
      reset: async () => {
        await call('POST', '/reset');
      },
      rule: async (name, enabled) =>
        ((await call('PUT', `/rules/${encodeURIComponent(name)}`, { enabled })) as { active: ActiveChoices })
          .active,
      scenarios: async () => (await call('GET', '/scenarios')) as ScenarioCatalogView,
      health: async () => (await call('GET', '/health')) as HealthView,

      requests: async (requestOptions) => {
        const limit = requestOptions?.limit;
        if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0))
          throw new MockgramError(
            'INVALID_OPTION',
            `limit must be a whole number above 0 (got ${String(limit)})`,
          );
        const chosen = pick(requestOptions);
        // The journal holds every session; one session's requests are picked from all of it, then limited.
        const answer = (await call(
          'GET',
          `/requests${chosen === undefined && limit !== undefined ? `?limit=${String(limit)}` : ''}`,
        )) as { requests: RequestRecord[] };
        const own =
          chosen === undefined
            ? answer.requests
            : answer.requests.filter((entry) => (entry.session ?? 'default') === chosen);
        return own.slice(0, limit);
      },
      clearRequests: async () => {
        await call('DELETE', '/requests');
      },

      coverage: async (coverageOptions) => {
        const path = `/coverage${query(coverageOptions)}`;
        const answer = await call('GET', path);
        const read = readCoverageReport(answer);
        if (read.problem !== undefined) {
          const url = `${baseUrl}/__mock${path}`;
          throw new MockClientError(
            'MOCK_ADMIN_ERROR',
            `GET ${url} did not answer a coverage report (${read.problem}): is ${baseUrl} a mockgram mock?`,
            { method: 'GET', url, status: 200, detail: read.problem, problem: answer },
          );
        }
        return read.report;
      },
      clearCoverage: async (coverageOptions) => {
        await call('DELETE', `/coverage${query(coverageOptions)}`);
      },

      state: async (stateOptions) => (await call('GET', `/state${query(stateOptions)}`)) as StateView,
      seed: async (state, stateOptions) =>
        (await call('PUT', `/state${query(stateOptions)}`, state)) as SeedResult,
      clearState: async (stateOptions) => {
        await call('DELETE', `/state${query(stateOptions)}`);
      },
    };
  };
  return client(options.session);
}

function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MockgramError(
      'INVALID_OPTION',
      `baseUrl must be an absolute URL such as http://127.0.0.1:4010 (got '${raw}')`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new MockgramError('INVALID_OPTION', `baseUrl must be an http or https URL (got '${raw}')`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const detail = 'detail' in body ? body.detail : undefined;
  return typeof detail === 'string' ? detail : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Node's fetch hides the reason (`ECONNREFUSED`, `ENOTFOUND`) in `cause`; browsers give only a message. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return code !== undefined && !cause.message.includes(code) ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}
