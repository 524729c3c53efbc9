import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { isPlannedParameter, parameterErrors, toParameterText } from './buildBaseline.ts';
import { schemaAssumption } from '../validate/findAssumption.ts';
import { invalidValues } from './invalidValues.ts';
import type { RejectionReason } from './rejectionStatuses.ts';
import { withHeader, type RequestParts } from './renderRequest.ts';
import type { ContractCase, WireRequest } from './types.ts';

/** Makes a negative case of one operation: its name, what was broken, the request and why it must fail. */
export type NegativeCase = (
  name: string,
  description: string,
  request: WireRequest,
  reason: RejectionReason,
  /** Why the broken rule is an assumption, when it is one. */
  assumption?: string,
) => ContractCase;

/**
 * For each path, query and header parameter: the required ones left out, and each rule of its schema broken
 * (checked against the operation's own parameter validator, for the intended keyword).
 */
export function planParameterCases(
  spec: SpecIndex,
  operation: OperationSpec,
  validators: OperationValidators,
  valid: RequestParts,
  render: (parts: RequestParts) => WireRequest,
  negative: NegativeCase,
): ContractCase[] {
  const out: ContractCase[] = [];
  for (const parameter of operation.parameters.filter(isPlannedParameter)) {
    if (parameter.in === 'cookie') continue;
    const location = parameter.in;
    const current = currentValue(valid, location, parameter.name);
    const subject = `${location} parameter '${parameter.name}'`;
    const assumed = parameter.assumed ? `${subject} is marked x-assumed` : undefined;
    if (parameter.required && current !== undefined && location !== 'path') {
      out.push(
        negative(
          `${location}-missing:${parameter.name}`,
          `without the required ${location} parameter '${parameter.name}'`,
          render(setParameter(valid, location, parameter.name, undefined)),
          'validation',
          assumed,
        ),
      );
    }
    const schema = parameter.schema?.schema;
    if (schema === undefined) continue;
    const seen = new Set<string>();
    for (const invalid of invalidValues(schema, spec.document, current)) {
      const text = toParameterText(invalid.value);
      if (text === undefined || seen.has(text) || (location === 'path' && text === '')) continue;
      const parts = setParameter(valid, location, parameter.name, text);
      const errors = parameterErrors(operation, validators, location, parts);
      if (!errors.some((e) => e.keyword === invalid.rule)) continue;
      seen.add(text);
      out.push(
        negative(
          `${location}-${invalid.rule}:${parameter.name}`,
          `${location} parameter '${parameter.name}' ${invalid.description}`,
          render(parts),
          'validation',
          assumed ?? schemaAssumption(spec.document, schema, [], subject),
        ),
      );
    }
  }
  return out;
}

function currentValue(
  parts: RequestParts,
  location: 'path' | 'query' | 'header',
  name: string,
): string | undefined {
  if (location === 'path') return parts.pathParams[name];
  if (location === 'query') return parts.query.find(([key]) => key === name)?.[1];
  return parts.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

function setParameter(
  parts: RequestParts,
  location: 'path' | 'query' | 'header',
  name: string,
  value: string | undefined,
): RequestParts {
  if (location === 'path') {
    const pathParams: Record<string, string> = { ...parts.pathParams };
    if (value === undefined) Reflect.deleteProperty(pathParams, name);
    else pathParams[name] = value;
    return { ...parts, pathParams };
  }
  if (location === 'query') {
    const query = parts.query.filter(([key]) => key !== name);
    return { ...parts, query: value === undefined ? query : [...query, [name, value]] };
  }
  return { ...parts, headers: withHeader(parts.headers, name, value) };
}
