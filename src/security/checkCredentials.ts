import type { SecurityRequirement, SecuritySchemeSpec } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';

/** Where credentials are read from: lower-case header names, the query, and cookies (read only when a scheme asks). */
export interface CredentialSource {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly cookies: Readonly<Record<string, string>>;
}

/** Accepted values per security scheme key; a scheme that is not listed accepts any well-formed credential. */
export type AcceptedCredentials = ReadonlyMap<string, ReadonlySet<string>>;

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Checks the request against the operation's security alternatives (OR of ANDs). Returns no diagnostics when one
 * alternative is met in full; otherwise those of the alternative that came closest.
 */
export function checkCredentials(
  requirements: readonly SecurityRequirement[],
  schemes: ReadonlyMap<string, SecuritySchemeSpec>,
  source: CredentialSource,
  accepted: AcceptedCredentials,
): readonly Diagnostic[] {
  let closest: Diagnostic[] | undefined;
  for (const requirement of requirements) {
    let problems: Diagnostic[] | undefined;
    for (const key of requirement) {
      const scheme = schemes.get(key);
      const problem = scheme && checkScheme(scheme, source, accepted.get(key));
      if (problem) (problems ??= []).push(problem);
    }
    if (!problems) return MET;
    if (!closest || problems.length < closest.length) closest = problems;
  }
  return closest ?? MET;
}

const MET: readonly Diagnostic[] = Object.freeze([]);

function checkScheme(
  scheme: SecuritySchemeSpec,
  source: CredentialSource,
  accepted: ReadonlySet<string> | undefined,
): Diagnostic | undefined {
  if (scheme.type === 'apiKey') {
    const name = scheme.parameterName ?? '';
    const where = scheme.in ?? 'header';
    const value =
      where === 'query'
        ? (source.query.get(name) ?? undefined)
        : where === 'cookie'
          ? source.cookies[name]
          : source.headers[name.toLowerCase()];
    if (value === undefined || value.trim() === '')
      return problem(scheme, 'missing', `missing credentials: ${where} '${name}' is required`);
    if (accepted && !accepted.has(value))
      return problem(scheme, 'rejected', `invalid credentials: ${where} '${name}' is not accepted`);
    return undefined;
  }
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    const expected = scheme.type === 'http' ? (scheme.scheme ?? 'bearer') : 'bearer';
    const authorization = source.headers['authorization'];
    if (authorization === undefined || authorization.trim() === '') {
      return problem(
        scheme,
        'missing',
        `missing credentials: header 'Authorization' with a ${capitalize(expected)} credential is required`,
      );
    }
    const [given = '', credential = '', ...extra] = authorization.trim().split(/\s+/);
    if (
      given.toLowerCase() !== expected ||
      credential === '' ||
      extra.length > 0 ||
      !wellFormed(expected, credential)
    ) {
      return problem(
        scheme,
        'malformed',
        `malformed credentials: header 'Authorization' must be '${capitalize(expected)} <credentials>'`,
      );
    }
    if (accepted && !accepted.has(credential))
      return problem(scheme, 'rejected', `invalid credentials: the ${expected} credential is not accepted`);
    return undefined;
  }
  return undefined;
}

function problem(scheme: SecuritySchemeSpec, code: string, message: string): Diagnostic {
  return { location: 'credentials', code, path: scheme.key, message };
}

function wellFormed(scheme: string, credential: string): boolean {
  if (!TOKEN68.test(credential)) return false;
  if (scheme !== 'basic') return true;
  return Buffer.from(credential, 'base64').toString('utf8').includes(':');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
