import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser apps on another origin, as a plain function so the fast path and Express share it. Returns
 * `true` when it answered the request itself (a preflight: 204 with the requested method and headers allowed);
 * otherwise it has set the headers that let a browser read the answer (`X-API-Version`, `X-Mock-Scenario`...).
 */
export type CorsPolicy = (request: IncomingMessage, response: ServerResponse) => boolean;

export function createCorsPolicy(exposeHeaders: readonly string[]): CorsPolicy {
  const expose = [...new Set(exposeHeaders)].join(', ');
  return (request, response) => {
    const origin = request.headers.origin;
    response.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    if (origin !== undefined) {
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    const requestedMethod = request.headers['access-control-request-method'];
    if (request.method !== 'OPTIONS' || requestedMethod === undefined) {
      response.setHeader('Access-Control-Expose-Headers', expose);
      return false;
    }
    response.setHeader('Access-Control-Allow-Methods', requestedMethod);
    const requestedHeaders = request.headers['access-control-request-headers'];
    if (requestedHeaders !== undefined) response.setHeader('Access-Control-Allow-Headers', requestedHeaders);
    response.setHeader('Access-Control-Max-Age', '600');
    response.setHeader(
      'Vary',
      origin === undefined ? 'Access-Control-Request-Headers' : 'Origin, Access-Control-Request-Headers',
    );
    response.statusCode = 204;
    response.end();
    return true;
  };
}

/** A policy that does nothing, for `--no-cors`. */
export const NO_CORS: CorsPolicy = () => false;
