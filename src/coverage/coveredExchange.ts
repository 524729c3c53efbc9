import type { MockRequest, MockResult } from '../engine/mockResult.ts';
import type { CoveredExchange } from './createCoverage.ts';

/**
 * An answered request as coverage counts it: a refusal when the mock turned the request down itself (no route,
 * credentials, media type, body or parameters against the spec, a scenario that does not exist), else a hit on its
 * operation, status and scenarios. A missing stored object is the API's own 404, so it is a hit.
 */
export function coveredExchange(request: MockRequest, result: MockResult): CoveredExchange {
  const query = request.url.indexOf('?');
  const [first] = result.diagnostics;
  const session = request.headers['x-mock-session'];
  return {
    method: request.method.toUpperCase(),
    path: query < 0 ? request.url : request.url.slice(0, query),
    status: result.status,
    operation: result.operation,
    session: typeof session === 'string' ? session : undefined,
    scenarios: result.scenario.split('/'),
    refusal: first === undefined || result.state === 'not-found' ? undefined : first.message,
  };
}
