/** Why the upstream gave no usable answer, as the proxy tells the client (502, or 504 for a timeout). */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly code:
    | 'upstream-refused'
    | 'upstream-dns'
    | 'upstream-tls'
    | 'upstream-reset'
    | 'upstream-timeout'
    | 'upstream-unavailable'
    | 'no-upstream';
  readonly message: string;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|EPROTO$|ERR_OSSL_)/;

/** A Node network error from the upstream request, named for people: what failed and where. */
export function describeUpstreamError(error: unknown, upstream: string): UpstreamFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED')
    return {
      status: 502,
      code: 'upstream-refused',
      message: `the upstream refused the connection (${upstream} is not listening)`,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return {
      status: 502,
      code: 'upstream-dns',
      message: `the upstream's host name did not resolve (${detail})`,
    };
  if (TLS_CODES.test(code))
    return {
      status: 502,
      code: 'upstream-tls',
      message: `the TLS handshake with the upstream failed (${code}: ${detail})`,
    };
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return {
      status: 502,
      code: 'upstream-reset',
      message: `the upstream closed the connection before answering in full (${detail})`,
    };
  return {
    status: 502,
    code: 'upstream-unavailable',
    message: `the upstream could not be reached (${code || detail})`,
  };
}

export function timeoutFailure(timeoutMs: number): UpstreamFailure {
  return {
    status: 504,
    code: 'upstream-timeout',
    message: `the upstream did not answer in full within ${timeoutMs} ms (--upstream-timeout)`,
  };
}

/** The JSON body sent for a failure: `{ error: { code, message, upstream } }`. */
export function failureBody(failure: UpstreamFailure, upstream: string | undefined): string {
  return JSON.stringify({
    error: { code: failure.code, message: failure.message, upstream: upstream ?? null },
  });
}
