import { resolvePointer } from '../spec/jsonPointer.ts';

/** One request and its answer, as an OpenAPI runtime expression sees them. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  /** Request headers, names as sent. */
  readonly requestHeaders: readonly (readonly [string, string])[];
  /** The parsed request body (`undefined` when there was none or it was not JSON). */
  readonly requestBody: unknown;
  readonly status: number;
  /** Lower-case names. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** The parsed answer body (`undefined` when there was none or it was not JSON). */
  readonly responseBody: unknown;
}

/**
 * The value of a link parameter: an OpenAPI runtime expression (`$response.body#/id`, `$request.path.replicaUUID`,
 * `$response.header.Location`, `$statusCode`...), a string with expressions in braces (`item-{$response.body#/id}`),
 * or a constant. `undefined` when an expression names nothing, or something that is not a string, number or boolean.
 */
export function evaluateRuntimeExpression(value: unknown, exchange: Exchange): string | undefined {
  if (typeof value !== 'string') return scalarText(value);
  if (value.startsWith('$')) return scalarText(evaluate(value, exchange));
  if (!value.includes('{$')) return value;
  let filled = '';
  let last = 0;
  for (const match of value.matchAll(/\{(\$[^{}]+)\}/g)) {
    const part = scalarText(evaluate(match[1] ?? '', exchange));
    if (part === undefined) return undefined;
    filled += value.slice(last, match.index) + part;
    last = match.index + match[0].length;
  }
  return filled + value.slice(last);
}

function evaluate(expression: string, exchange: Exchange): unknown {
  if (expression === '$url') return exchange.url;
  if (expression === '$method') return exchange.method;
  if (expression === '$statusCode') return exchange.status;
  const source = /^\$(request|response)\.(path|query|header|body)(?:\.(.+)|(#.*))?$/.exec(expression);
  if (!source) return undefined;
  const [, side, part, name, pointer] = source;
  if (part === 'body') {
    const body = side === 'request' ? exchange.requestBody : exchange.responseBody;
    return pointer === undefined ? body : resolvePointer(body, pointer);
  }
  if (name === undefined) return undefined;
  if (side === 'response')
    return part === 'header' ? exchange.responseHeaders[name.toLowerCase()] : undefined;
  if (part === 'path') return exchange.pathParams[name];
  if (part === 'query') return exchange.query.find(([key]) => key === name)?.[1];
  return exchange.requestHeaders.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
