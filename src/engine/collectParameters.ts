import type { ParameterLocation, ParameterSpec } from '../spec/types.ts';

/** Headers OpenAPI says are described elsewhere, so header parameters with these names are ignored. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export interface RawRequestParts {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
}

/** The values of one location's parameters, as strings or string arrays, ready for a coercing validator. */
export interface ParameterPlan {
  readonly parameter: ParameterSpec;
  /** Decided once at start-up from the (dereferenced) schema. */
  readonly wantsArray: boolean;
}

export function collectParameters(
  plans: readonly ParameterPlan[],
  location: ParameterLocation,
  parts: RawRequestParts,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const plan of plans) {
    if (plan.parameter.in !== location) continue;
    const value = readParameter(plan, parts);
    if (value !== undefined) out[plan.parameter.name] = value;
  }
  return out;
}

export function isValidatedHeader(parameter: ParameterSpec): boolean {
  return parameter.in !== 'header' || !RESERVED_HEADERS.has(parameter.name);
}

function readParameter({ parameter, wantsArray }: ParameterPlan, parts: RawRequestParts): unknown {
  switch (parameter.in) {
    case 'path':
      return splitIfArray(parts.pathParams[parameter.name], wantsArray);
    case 'header':
      return splitIfArray(parts.headers[parameter.name], wantsArray);
    case 'cookie':
      return parts.cookies[parameter.name];
    case 'query': {
      const values = parts.query.getAll(parameter.name);
      if (values.length === 0) return undefined;
      if (!wantsArray) return values[0];
      if (parameter.explode && parameter.style === 'form') return values;
      const separator =
        parameter.style === 'spaceDelimited' ? ' ' : parameter.style === 'pipeDelimited' ? '|' : ',';
      return values.flatMap((v) => v.split(separator));
    }
  }
}

function splitIfArray(value: string | undefined, wantsArray: boolean): unknown {
  return value !== undefined && wantsArray ? value.split(',').map((v) => v.trim()) : value;
}
