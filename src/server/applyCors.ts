import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser apps on another origin, as plain functions shared by the raw listener and Express. A preflight is
 * answered 204 with the requested method and headers allowed; every other answer carries the headers that let a
 * browser read it (`X-API-Version`, `X-Mock-Scenario`...), returned rather than set so each answer is written with
 * a single `writeHead` (Node's fast path).
 */
export interface CorsPolicy {
  /** Answers the request if it is a preflight, and says so. */
  preflight(request: IncomingMessage, response: ServerResponse): boolean;
  /** The CORS headers for an answer to this request. */
  headersFor(request: IncomingMessage): Readonly<Record<string, string>>;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

export function createCorsPolicy(exposeHeaders: readonly string[]): CorsPolicy {
  const expose = [...new Set(exposeHeaders)].join(', ');
  const anyOrigin = Object.freeze({
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': expose,
  });
  const originHeaders = (origin: string): Record<string, string> => ({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  });
  return {
    headersFor(request) {
      const origin = request.headers.origin;
      return origin === undefined
        ? anyOrigin
        : { ...originHeaders(origin), 'Access-Control-Expose-Headers': expose };
    },
    preflight(request, response) {
      const requestedMethod = request.headers['access-control-request-method'];
      if (request.method !== 'OPTIONS' || requestedMethod === undefined) return false;
      const origin = request.headers.origin;
      const requestedHeaders = request.headers['access-control-request-headers'];
      response.writeHead(204, {
        ...(origin === undefined ? { 'Access-Control-Allow-Origin': '*' } : originHeaders(origin)),
        'Access-Control-Allow-Methods': requestedMethod,
        ...(requestedHeaders !== undefined && { 'Access-Control-Allow-Headers': requestedHeaders }),
        'Access-Control-Max-Age': '600',
        Vary:
          origin === undefined ? 'Access-Control-Request-Headers' : 'Origin, Access-Control-Request-Headers',
      });
      response.end();
      return true;
    },
  };
}

/** The policy for `--no-cors`. */
export const NO_CORS: CorsPolicy = { preflight: () => false, headersFor: () => NONE };
