import type { OperationSpec } from '../spec/types.ts';
import type { HeaderLine, WireRequest } from './types.ts';

/** A request as values, before it is written out: cases change one part of a valid one. */
export interface RequestParts {
  readonly operation: OperationSpec;
  readonly method: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  /** Everything but Content-Type and Content-Length. */
  readonly headers: readonly HeaderLine[];
  /** Media type the body is written as (`application/json`, form); `undefined` for no body. */
  readonly mediaType: string | undefined;
  readonly body: unknown;
}

export const USER_AGENT: HeaderLine = ['User-Agent', 'mockgram-contract'];

/** Joins the target (which replaces the spec's server URL, path included) with the operation's path. */
export function operationUrl(
  target: string,
  path: string,
  pathParams: Readonly<Record<string, string>>,
  query: readonly (readonly [string, string])[] = [],
): string {
  const filled = path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = pathParams[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
  const search =
    query.length > 0
      ? `?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, v])).toString()}`
      : '';
  return `${target.replace(/\/+$/, '')}${filled}${search}`;
}

/** The wire form: URL, headers with Content-Type when there is a body, and the body serialized. */
export function renderRequest(target: string, parts: RequestParts): WireRequest {
  const url = operationUrl(target, parts.operation.path, parts.pathParams, parts.query);
  if (parts.mediaType === undefined || parts.body === undefined)
    return { method: parts.method, url, headers: parts.headers, body: undefined };
  return {
    method: parts.method,
    url,
    headers: [...parts.headers, ['Content-Type', parts.mediaType]],
    body: serializeBody(parts.mediaType, parts.body),
  };
}

export function serializeBody(mediaType: string, body: unknown): string {
  if (mediaType === 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== null) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) {
      for (const item of Array.isArray(value) ? (value as unknown[]) : [value])
        form.append(key, typeof item === 'string' ? item : JSON.stringify(item));
    }
    return form.toString();
  }
  if (typeof body === 'string' && mediaType.startsWith('text/')) return body;
  return JSON.stringify(body);
}

/** Headers without those named (case-insensitive). */
export function withoutHeaders(headers: readonly HeaderLine[], names: ReadonlySet<string>): HeaderLine[] {
  return headers.filter(([name]) => !names.has(name.toLowerCase()));
}

/** Headers with `name` set to `value` (replacing any line of that name), or removed when `value` is undefined. */
export function withHeader(
  headers: readonly HeaderLine[],
  name: string,
  value: string | undefined,
): HeaderLine[] {
  const rest = withoutHeaders(headers, new Set([name.toLowerCase()]));
  return value === undefined ? rest : [...rest, [name, value]];
}
