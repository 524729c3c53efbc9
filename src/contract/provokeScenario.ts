import type { Faker } from '@faker-js/faker';
import type { Provoke } from '../scenarios/types.ts';
import { isRecord } from '../spec/isRecord.ts';
import type { SpecIndex } from '../spec/types.ts';
import { credentialHeaderNames, withWrongCredentials } from './credentialHeaders.ts';
import { removeAt } from './replaceAt.ts';
import { renderRequest, withHeader, withoutHeaders, type RequestParts } from './renderRequest.ts';
import type { WireRequest } from './types.ts';

/** A scenario as the caller (e.g. the scenario catalog) declares it: how to cause it on a real implementation. */
export interface ScenarioProbe {
  readonly operationId: string;
  readonly scenario: string;
  readonly expectedStatus: number;
  readonly provoke: Provoke;
}

export type ProvokedRequest =
  { readonly ok: true; readonly request: WireRequest } | { readonly ok: false; readonly reason: string };

/** The valid request changed as the scenario's `provoke` says; a change that cannot be made is a reason. */
export function provokeScenario(
  spec: SpecIndex,
  valid: RequestParts,
  provoke: Provoke,
  options: { readonly target: string; readonly faker: Faker },
): ProvokedRequest {
  const { operation } = valid;
  let parts = valid;
  if (provoke.pathParams) {
    const unknown = Object.keys(provoke.pathParams).filter(
      (name) => !operation.parameters.some((p) => p.in === 'path' && p.name === name),
    );
    if (unknown.length > 0)
      return { ok: false, reason: `${operation.id} has no path parameter ${unknown.join(', ')}` };
    parts = { ...parts, pathParams: { ...parts.pathParams, ...provoke.pathParams } };
  }
  if (provoke.removeProperties || provoke.setProperties) {
    if (!isRecord(parts.body))
      return { ok: false, reason: `${operation.id} sends no JSON object body to change` };
    let body: unknown = parts.body;
    for (const property of provoke.removeProperties ?? []) {
      const tokens = property.startsWith('/') ? property.slice(1).split('/') : [property];
      if (!hasPath(body, tokens))
        return { ok: false, reason: `the valid body has no property '${property}' to remove` };
      body = removeAt(body, tokens);
    }
    if (provoke.setProperties && isRecord(body)) body = { ...body, ...provoke.setProperties };
    parts = { ...parts, body };
  }
  let request = renderRequest(options.target, parts);
  if (provoke.omitCredentials === true)
    request = {
      ...request,
      headers: withoutHeaders(request.headers, credentialHeaderNames(spec, operation)),
    };
  if (provoke.wrongCredentials === true)
    request = { ...request, headers: withWrongCredentials(spec, operation, request.headers, options.faker) };
  if (provoke.contentType !== undefined)
    request = { ...request, headers: withHeader(request.headers, 'Content-Type', provoke.contentType) };
  for (const [name, value] of Object.entries(provoke.headers ?? {}))
    request = { ...request, headers: withHeader(request.headers, name, value) };
  if (provoke.rawBody !== undefined) request = { ...request, body: provoke.rawBody };
  return { ok: true, request };
}

function hasPath(value: unknown, tokens: readonly string[]): boolean {
  let current = value;
  for (const token of tokens) {
    if (!isRecord(current) || !(token in current)) return false;
    current = current[token];
  }
  return true;
}
