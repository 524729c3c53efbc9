import type { ParsedRequest } from '../engine/requestTarget.ts';
import { isCredentialName } from '../http/credentialNames.ts';
import type { SpecIndex } from '../spec/types.ts';

/**
 * Every credential a request carries, as values to hide wherever they turn up again: security-scheme headers,
 * query parameters and cookies, `Authorization`, cookies, any header, query parameter or body field named like a
 * secret (`botToken`, `telegram_token`). Shortest first is not needed: the longest are replaced first so that
 * `Bearer <token>` and `<token>` both disappear.
 */
export function requestSecrets(spec: SpecIndex | undefined, parsed: ParsedRequest, body: unknown): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value === undefined) return;
    const trimmed = value.trim();
    if (trimmed.length >= 4) found.add(trimmed);
    const token = trimmed.replace(/^\S+\s+/, '');
    if (token !== trimmed && token.length >= 4) found.add(token);
  };
  const schemeNames = new Set<string>();
  for (const scheme of spec?.securitySchemes.values() ?? [])
    if (scheme.lookupName !== undefined) schemeNames.add(scheme.lookupName);
  for (const [name, value] of Object.entries(parsed.headers)) {
    if (name === 'cookie') for (const cookie of Object.values(parsed.cookies)) add(cookie);
    if (isCredentialName(name) || schemeNames.has(name)) add(value);
  }
  for (const [name, value] of parsed.query) if (isCredentialName(name) || schemeNames.has(name)) add(value);
  collectBodySecrets(body, add, 0);
  return [...found].sort((a, b) => b.length - a.length);
}

function collectBodySecrets(value: unknown, add: (value: string) => void, depth: number): void {
  if (depth > 64 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectBodySecrets(item, add, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (isCredentialName(key) && (typeof field === 'string' || typeof field === 'number')) add(String(field));
    else collectBodySecrets(field, add, depth + 1);
  }
}
