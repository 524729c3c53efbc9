import { isCredentialName, REDACTED } from '../http/credentialNames.ts';

/**
 * A recorded value with its secrets removed: string fields named like a secret become `[redacted]`, and every
 * occurrence of a request's credential (`secrets`, longest first) inside any other string is replaced too.
 */
export function redactRecorded(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return hideIn(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactRecorded(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: isCredentialName(key) && typeof field === 'string' ? REDACTED : redactRecorded(field, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function hideIn(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  return out;
}
