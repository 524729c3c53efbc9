import { wireBody } from './sendRequest.ts';
import type { WireRequest } from './types.ts';

/**
 * A curl command that sends the same request: same method, URL, headers and bytes. curl's own default
 * Content-Type for `--data-raw` is switched off when the request has none.
 */
export function formatCurl(request: WireRequest): string {
  const parts = ['curl', '-sS', '-i'];
  if (/[[\]{}]/.test(request.url)) parts.push('--globoff');
  if (request.method === 'HEAD') parts.push('--head');
  else parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of request.headers) parts.push('-H', shellQuote(`${name}: ${value}`));
  const body = wireBody(request);
  if (body !== undefined) {
    if (!request.headers.some(([name]) => name.toLowerCase() === 'content-type'))
      parts.push('-H', shellQuote('Content-Type:'));
    parts.push('--data-raw', shellQuote(body));
  }
  return parts.join(' ');
}

/** POSIX shell single quotes: everything literal, `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
