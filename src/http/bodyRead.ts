/** What reading a request body gave: its bytes, or why there are none. */
export type BodyRead =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly limit: number }
  | { readonly kind: 'aborted' };

/** True when the request carries a body (RFC 9112: Content-Length > 0 or Transfer-Encoding). */
export function hasBody(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}
