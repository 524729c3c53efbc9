/** Header names that carry credentials wherever they appear. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-mock-admin-token',
]);
const SECRET_NAME = /token|secret|password|passwd|api[-_]?key|authorization|credential|session_?id/i;

/** Whether a header, query parameter or field with this name holds a secret that must not be printed or logged. */
export function isCredentialName(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || SECRET_NAME.test(name);
}

export const REDACTED = '[redacted]';
