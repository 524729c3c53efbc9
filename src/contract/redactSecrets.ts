import { isCredentialName, REDACTED } from '../http/credentialNames.ts';
import type { HeaderLine, WireRequest } from './types.ts';

/**
 * The secrets an operator passed with `--header` (credentials), so reports can print requests without them: CI logs
 * and uploaded JUnit/JSON files are often readable by more people than the secrets are.
 */
export function secretValues(headers: readonly HeaderLine[]): string[] {
  const values = headers
    .filter(([name]) => isCredentialName(name))
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')])
    .filter((value) => value.length >= 4);
  // Shortest first, so `Bearer <token>` keeps its scheme word: `Bearer [redacted]`.
  return [...new Set(values)].sort((a, b) => a.length - b.length);
}

/** The request with every occurrence of a secret replaced, in header values, URL and body alike. */
export function redactRequest(request: WireRequest, secrets: readonly string[]): WireRequest {
  if (secrets.length === 0) return request;
  const hide = (text: string): string =>
    secrets.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  return {
    method: request.method,
    url: hide(request.url),
    headers: request.headers.map(([name, value]): HeaderLine => [name, hide(value)]),
    body: request.body === undefined ? undefined : hide(request.body),
  };
}
