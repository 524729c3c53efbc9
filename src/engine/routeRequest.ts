import type { RouteMatch } from '../routing/createRouter.ts';
import type { MockEngine } from './createEngine.ts';
import type { MockRequest } from './mockResult.ts';
import { ParsedRequest } from './requestTarget.ts';

export interface RoutedRequest {
  readonly parsed: ParsedRequest;
  /** The method routed on: a HEAD the spec does not document is routed as the GET it documents. */
  readonly method: string;
  readonly match: RouteMatch;
}

/** The route stage: the request parsed and matched to an operation (its path parameters set on `parsed`). */
export function routeRequest(engine: MockEngine, request: MockRequest): RoutedRequest {
  const parsed = new ParsedRequest(request.method, request.url, request.headers);
  let method = parsed.method;
  let match = engine.router.match(method, parsed.path);
  if (match.kind === 'method-not-allowed' && method === 'HEAD' && match.allow.includes('GET')) {
    method = 'GET';
    match = engine.router.match(method, parsed.path);
  }
  if (match.kind === 'operation') parsed.pathParams = match.pathParams;
  return { parsed, method, match };
}
