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
  // Judge first and describe only the closest failure: a request with good credentials builds no messages.
  let closest: Failure[] | undefined;
  for (const requirement of requirements) {
    let failures: Failure[] | undefined;
    for (const key of requirement) {
      const scheme = schemes.get(key);
      if (!scheme) continue;
      const verdict = judgeScheme(scheme, source, accepted.get(key));
      if (verdict !== 'met') (failures ??= []).push({ scheme, verdict });
    }
    if (!failures) return MET;
    if (!closest || failures.length < closest.length) closest = failures;
  }
  return closest ? closest.map(describeFailure) : MET;
}

const MET: readonly Diagnostic[] = Object.freeze([]);

type Verdict = 'met' | 'missing' | 'malformed' | 'rejected';

interface Failure {
  readonly scheme: SecuritySchemeSpec;
  readonly verdict: Exclude<Verdict, 'met'>;
}

function judgeScheme(
  scheme: SecuritySchemeSpec,
  source: CredentialSource,
  accepted: ReadonlySet<string> | undefined,
): Verdict {
  if (scheme.type === 'apiKey') {
    const name = scheme.lookupName ?? '';
    const where = scheme.in ?? 'header';
    const value =
      where === 'query'
        ? (source.query.get(name) ?? undefined)
        : where === 'cookie'
          ? source.cookies[name]
          : source.headers[name];
    if (value === undefined || value.trim() === '') return 'missing';
    return accepted && !accepted.has(value) ? 'rejected' : 'met';
  }
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    const expected = expectedScheme(scheme);
    const authorization = source.headers['authorization'];
    if (authorization === undefined || authorization.trim() === '') return 'missing';
    const [given = '', credential = '', ...extra] = authorization.trim().split(/\s+/);
    if (
      given.toLowerCase() !== expected ||
      credential === '' ||
      extra.length > 0 ||
      !wellFormed(expected, credential)
    )
      return 'malformed';
    return accepted && !accepted.has(credential) ? 'rejected' : 'met';
  }
  return 'met';
}

function describeFailure({ scheme, verdict }: Failure): Diagnostic {
  const diagnostic = (message: string): Diagnostic => ({
    location: 'credentials',
    code: verdict,
    path: scheme.key,
    message,
  });
  if (scheme.type === 'apiKey') {
    const name = scheme.parameterName ?? '';
    const where = scheme.in ?? 'header';
    return diagnostic(
      verdict === 'missing'
        ? `missing credentials: ${where} '${name}' is required`
        : `invalid credentials: ${where} '${name}' is not accepted`,
    );
  }
  const expected = expectedScheme(scheme);
  if (verdict === 'missing')
    return diagnostic(
      `missing credentials: header 'Authorization' with a ${capitalize(expected)} credential is required`,
    );
  if (verdict === 'malformed')
    return diagnostic(
      `malformed credentials: header 'Authorization' must be '${capitalize(expected)} <credentials>'`,
    );
  return diagnostic(`invalid credentials: the ${expected} credential is not accepted`);
}

function expectedScheme(scheme: SecuritySchemeSpec): string {
  return scheme.type === 'http' ? (scheme.scheme ?? 'bearer') : 'bearer';
}

function wellFormed(scheme: string, credential: string): boolean {
  if (!TOKEN68.test(credential)) return false;
  if (scheme !== 'basic') return true;
  try {
    return atob(credential).includes(':');
  } catch {
    return false;
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
