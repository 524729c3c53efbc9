import type { SecurityRequirement, SecuritySchemeSpec } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';

export interface CredentialSource {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  cookie(name: string): string | undefined;
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
): Diagnostic[] {
  if (requirements.length === 0) return [];
  let closest: Diagnostic[] | undefined;
  for (const requirement of requirements) {
    const problems = requirement.flatMap((key) => {
      const scheme = schemes.get(key);
      return scheme ? checkScheme(scheme, source, accepted.get(key)) : [];
    });
    if (problems.length === 0) return [];
    if (!closest || problems.length < closest.length) closest = problems;
  }
  return closest ?? [];
}

function checkScheme(
  scheme: SecuritySchemeSpec,
  source: CredentialSource,
  accepted: ReadonlySet<string> | undefined,
): Diagnostic[] {
  const fail = (code: string, message: string): Diagnostic[] => [
    { location: 'credentials', code, path: scheme.key, message },
  ];
  if (scheme.type === 'apiKey') {
    const name = scheme.parameterName ?? '';
    const where = scheme.in ?? 'header';
    const value =
      where === 'query' ? source.query(name) : where === 'cookie' ? source.cookie(name) : source.header(name);
    if (value === undefined || value.trim() === '')
      return fail('missing', `missing credentials: ${where} '${name}' is required`);
    if (accepted && !accepted.has(value))
      return fail('rejected', `invalid credentials: ${where} '${name}' is not accepted`);
    return [];
  }
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    const expected = scheme.type === 'http' ? (scheme.scheme ?? 'bearer') : 'bearer';
    const authorization = source.header('authorization');
    if (authorization === undefined || authorization.trim() === '') {
      return fail(
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
      return fail(
        'malformed',
        `malformed credentials: header 'Authorization' must be '${capitalize(expected)} <credentials>'`,
      );
    }
    if (accepted && !accepted.has(credential))
      return fail('rejected', `invalid credentials: the ${expected} credential is not accepted`);
    return [];
  }
  return [];
}

function wellFormed(scheme: string, credential: string): boolean {
  if (!TOKEN68.test(credential)) return false;
  if (scheme !== 'basic') return true;
  return Buffer.from(credential, 'base64').toString('utf8').includes(':');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
