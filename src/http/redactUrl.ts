import { isCredentialName, REDACTED } from './credentialNames.ts';

/** A request target with the values of secret-looking query parameters replaced, for logs and the journal. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = new URLSearchParams(url.slice(at + 1));
  for (const key of [...query.keys()]) if (isCredentialName(key)) query.set(key, REDACTED);
  return `${url.slice(0, at)}?${query.toString()}`;
}
