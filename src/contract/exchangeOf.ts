import type { OperationSpec } from '../spec/types.ts';
import type { Exchange } from './evaluateRuntimeExpression.ts';
import { pathParamsOf } from './idSlots.ts';
import type { WireRequest, WireResponse } from './types.ts';

/** A request the runner sent and the answer it got, read back as values for runtime expressions. */
export function exchangeOf(
  target: string,
  operation: OperationSpec,
  request: WireRequest,
  response: WireResponse,
): Exchange {
  return {
    method: request.method,
    url: request.url,
    pathParams: pathParamsOf(target, operation, request.url),
    query: [...new URL(request.url).searchParams],
    requestHeaders: request.headers,
    requestBody: parseJson(request.body ?? ''),
    status: response.status,
    responseHeaders: response.headers,
    responseBody: parseJson(response.text),
  };
}

/** The parsed JSON, or `undefined` for an empty or non-JSON text. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
