import type { IncomingHttpHeaders } from 'node:http';

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

/** Path and query of a request target, the query parsed only when something reads it. */
export function splitUrl(target: string): { readonly path: string; readonly query: URLSearchParams } {
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
