/** Header names whose values never reach a log or the request journal. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-organization-secret',
  'x-api-key',
  'x-mock-admin-token',
]);
const SECRET_NAME = /token|secret|password|passwd|api_?key|authorization|credential/i;
export const REDACTED = '[redacted]';

export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] =
      SECRET_HEADERS.has(name.toLowerCase()) || SECRET_NAME.test(name)
        ? REDACTED
        : Array.isArray(value)
          ? value.join(', ')
          : value;
  }
  return out;
}

/** A deep copy of a JSON value with the values of secret-looking keys (tokens, secrets, passwords) replaced. */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_NAME.test(key) ? REDACTED : redactBody(inner)]),
  );
}

/** A path with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = new URLSearchParams(url.slice(at + 1));
  for (const key of [...query.keys()]) if (SECRET_NAME.test(key)) query.set(key, REDACTED);
  return `${url.slice(0, at)}?${query.toString()}`;
}
