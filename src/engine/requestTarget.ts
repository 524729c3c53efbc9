import type { IncomingHttpHeaders } from 'node:http';
import type { TemplateRequest } from '../scenarios/renderScenarioAnswer.ts';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const NO_QUERY: Readonly<Record<string, string | string[]>> = Object.freeze({});

/**
 * One request as the engine reads it: upper-case method, path, headers as one string per lower-case name, and the
 * query and cookies parsed only when something reads them. A class, so the hot path allocates one object per request
 * rather than a bag of closures.
 */
export class ParsedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Set once the route is known. */
  pathParams: Readonly<Record<string, string>> = NO_PARAMS;
  readonly #search: string;
  #query: URLSearchParams | undefined;
  #cookies: Record<string, string> | undefined;

  constructor(method: string, target: string, headers: IncomingHttpHeaders) {
    this.method = method.toUpperCase();
    const hash = target.indexOf('#');
    const withoutHash = hash < 0 ? target : target.slice(0, hash);
    const end = withoutHash.indexOf('?');
    const path = end < 0 ? withoutHash : withoutHash.slice(0, end);
    this.path = path.startsWith('/') ? path : `/${path}`;
    this.#search = end < 0 ? '' : withoutHash.slice(end + 1);
    this.headers = flattenHeaders(headers);
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#search));
  }

  get cookies(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookies(this.headers['cookie']));
  }

  /** What scenario templates and rules read: `{{request.body.title}}`, `query.dryRun`... */
  templateRequest(method: string, body: unknown): TemplateRequest {
    const query = this.#search === '' ? NO_QUERY : queryObject(this.query);
    return { method, path: this.pathParams, query, headers: this.headers, body };
  }
}

/**
 * Request headers as one string per (lower-case) name; repeated headers are joined as HTTP joins them. Node already
 * gives strings for all but a few names, so the object is usually returned as it is, without a copy.
 */
export function flattenHeaders(headers: IncomingHttpHeaders): Readonly<Record<string, string>> {
  if (allStrings(headers)) return headers;
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function allStrings(headers: IncomingHttpHeaders): headers is Record<string, string> {
  for (const name in headers) if (typeof headers[name] !== 'string') return false;
  return true;
}

/** The query as a plain object (a repeated name becomes a list), for templates and rules. */
export function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (query.size === 0) return out;
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
