import { isCredentialName, REDACTED } from '../http/credentialNames.ts';
import type { ExchangeRecord } from './createRequestJournal.ts';

/** Request headers as Node gives them (lower-case names; a repeated one may be a list). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type HeaderPair = readonly [name: string, value: string];

export interface BodyDetail {
  /** Pretty-printed when it is JSON; secrets redacted. */
  readonly text: string;
  /** The body was longer than the journal keeps; `text` is its beginning. */
  readonly truncated: boolean;
}

/** A journaled exchange as the admin API shows it. */
export interface ExchangeDetail {
  readonly request: { readonly headers: readonly HeaderPair[]; readonly body: BodyDetail | undefined };
  /** Undefined when no answer was sent (a `reset` or `timeout` fault). */
  readonly response:
    { readonly headers: readonly HeaderPair[]; readonly body: BodyDetail | undefined } | undefined;
}

/**
 * The recorded exchange with secrets hidden by the rule the log and journal use (`isCredentialName`): the value of
 * every header, JSON field and form field with a credential-like name, and every other occurrence of those values
 * (an echoed token, a header copied into a body).
 */
export function redactExchange(record: ExchangeRecord): ExchangeDetail {
  const requestHeaders = record.requestHeaders ? headerPairs(record.requestHeaders) : [];
  const responseHeaders = record.responseHeaders && headerPairs(record.responseHeaders);
  const secrets = secretValues([...requestHeaders, ...(responseHeaders ?? [])]);
  const hide = (text: string): string =>
    secrets.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  const headers = (pairs: readonly HeaderPair[]): HeaderPair[] =>
    pairs.map(([name, value]) => [name, isCredentialName(name) ? REDACTED : hide(value)]);
  const body = (text: string | undefined, pairs: readonly HeaderPair[]): BodyDetail | undefined => {
    if (text === undefined || text === '') return undefined;
    const truncated = text.endsWith(TRUNCATED_MARK);
    const kept = truncated ? text.slice(0, -TRUNCATED_MARK.length) : text;
    return { text: hide(redactFields(kept, contentTypeOf(pairs), truncated)), truncated };
  };
  return {
    request: { headers: headers(requestHeaders), body: body(record.requestBody, requestHeaders) },
    response: responseHeaders && {
      headers: headers(responseHeaders),
      body: body(record.responseBody, responseHeaders),
    },
  };
}

/** Appended by the journal to a body it cut. */
export const TRUNCATED_MARK = '\u2026[truncated]';

function headerPairs(
  headers: RequestHeaders | Readonly<Record<string, string | number | readonly string[] | undefined>>,
): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const one of value) pairs.push([name, one]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}

/** Credential values worth searching for elsewhere; shortest first, so `Bearer x` loses the token, keeps the word. */
function secretValues(pairs: readonly HeaderPair[]): string[] {
  const values = pairs
    .filter(([name]) => isCredentialName(name))
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')])
    .filter((value) => value.length >= 4);
  return [...new Set(values)].sort((a, b) => a.length - b.length);
}

function contentTypeOf(pairs: readonly HeaderPair[]): string {
  return pairs.find(([name]) => name.toLowerCase() === 'content-type')?.[1].toLowerCase() ?? '';
}

function redactFields(text: string, contentType: string, truncated: boolean): string {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    for (const key of [...form.keys()]) if (isCredentialName(key)) form.set(key, REDACTED);
    return form.toString();
  }
  if (!truncated) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text) as unknown), null, 2);
    } catch {
      // Not JSON: fall through to the textual rule, which also covers JSON cut short.
    }
  }
  return text.replace(JSON_STRING_FIELD, (whole, name: string, prefix: string) =>
    isCredentialName(name) ? `"${name}"${prefix}"${REDACTED}"` : whole,
  );
}

/** `"name": "value"` in JSON text that may be cut short. */
const JSON_STRING_FIELD = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    // defineProperty: a `__proto__` key in the body must stay a plain field.
    Object.defineProperty(out, key, {
      value:
        isCredentialName(key) && field !== null && typeof field !== 'object' ? REDACTED : redactJson(field),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
