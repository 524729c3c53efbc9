import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Response headers a browser may read: every documented response header plus mockgram's own. */
  readonly exposeHeaders: readonly string[];
}

/**
 * CORS for browser apps on another origin: preflights are answered 204 with the requested method and headers
 * allowed; every answer names the headers a browser may read (`X-API-Version`, `X-Mock-Scenario`...).
 */
export function corsMiddleware({ exposeHeaders }: CorsOptions): RequestHandler {
  const expose = [...new Set(exposeHeaders)].join(', ');
  return (request, response, next) => {
    const origin = request.headers.origin;
    response.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    if (origin !== undefined) {
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    const requestedMethod = request.headers['access-control-request-method'];
    if (request.method === 'OPTIONS' && requestedMethod !== undefined) {
      response.setHeader('Access-Control-Allow-Methods', requestedMethod);
      const requestedHeaders = request.headers['access-control-request-headers'];
      if (requestedHeaders !== undefined)
        response.setHeader('Access-Control-Allow-Headers', requestedHeaders);
      response.setHeader('Access-Control-Max-Age', '600');
      response.setHeader(
        'Vary',
        origin === undefined ? 'Access-Control-Request-Headers' : 'Origin, Access-Control-Request-Headers',
      );
      response.statusCode = 204;
      response.end();
      return;
    }
    response.setHeader('Access-Control-Expose-Headers', expose);
    next();
  };
}
