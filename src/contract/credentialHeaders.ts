import type { Faker } from '@faker-js/faker';
import type { OperationSpec, SecuritySchemeSpec, SpecIndex } from '../spec/types.ts';
import type { HeaderLine } from './types.ts';

/** The header a scheme's credential travels in (lower-case), or `undefined` for query and cookie API keys. */
export function credentialHeaderOf(scheme: SecuritySchemeSpec): string | undefined {
  if (scheme.type === 'apiKey')
    return scheme.in === 'header' && scheme.parameterName !== undefined
      ? scheme.parameterName.toLowerCase()
      : undefined;
  return scheme.type === 'mutualTLS' ? undefined : 'authorization';
}

/** Whether the operation can be called without credentials (no security, or an empty alternative). */
export function allowsAnonymous(operation: OperationSpec): boolean {
  return (
    operation.security.length === 0 || operation.security.some((requirement) => requirement.length === 0)
  );
}

/** Lower-case names of every header that carries a credential for this operation. */
export function credentialHeaderNames(spec: SpecIndex, operation: OperationSpec): Set<string> {
  const names = new Set<string>();
  for (const key of operation.security.flat()) {
    const scheme = spec.securitySchemes.get(key);
    const header = scheme && credentialHeaderOf(scheme);
    if (header !== undefined) names.add(header);
  }
  return names;
}

/**
 * The same headers with every credential replaced by a well-formed value the target cannot know. When no credential
 * was given, the first alternative's schemes get made-up values, so the request still carries (wrong) credentials.
 */
export function withWrongCredentials(
  spec: SpecIndex,
  operation: OperationSpec,
  headers: readonly HeaderLine[],
  faker: Faker,
): HeaderLine[] {
  const schemesByHeader = new Map<string, SecuritySchemeSpec>();
  for (const key of operation.security.flat()) {
    const scheme = spec.securitySchemes.get(key);
    const header = scheme && credentialHeaderOf(scheme);
    if (scheme && header !== undefined && !schemesByHeader.has(header)) schemesByHeader.set(header, scheme);
  }
  const out = headers.map(([name, value]): HeaderLine => {
    const scheme = schemesByHeader.get(name.toLowerCase());
    return scheme ? [name, wrongValue(scheme, value, faker)] : [name, value];
  });
  if (headers.some(([name]) => schemesByHeader.has(name.toLowerCase()))) return out;
  const [first = []] = operation.security.filter((requirement) => requirement.length > 0);
  for (const key of first) {
    const scheme = spec.securitySchemes.get(key);
    const header = scheme && credentialHeaderOf(scheme);
    if (scheme && header !== undefined) out.push([displayName(scheme), wrongValue(scheme, '', faker)]);
  }
  return out;
}

function displayName(scheme: SecuritySchemeSpec): string {
  return scheme.type === 'apiKey' ? (scheme.parameterName ?? 'Authorization') : 'Authorization';
}

function wrongValue(scheme: SecuritySchemeSpec, given: string, faker: Faker): string {
  const made = `wrong-${faker.string.alphanumeric(24)}`;
  if (scheme.type === 'apiKey') return made;
  const kind = scheme.type === 'http' ? (scheme.scheme ?? 'bearer') : 'bearer';
  const prefix = /^\S+/.exec(given)?.[0] ?? capitalize(kind);
  if (kind === 'basic') return `${prefix} ${Buffer.from(`wrong:${made}`).toString('base64')}`;
  return `${prefix} ${made}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
