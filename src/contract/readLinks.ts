import { findResponse } from '../mock/findResponse.ts';
import { followRef } from '../spec/followRef.ts';
import { isRecord } from '../spec/isRecord.ts';
import { joinPointer, resolvePointer } from '../spec/jsonPointer.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { evaluateRuntimeExpression, type Exchange } from './evaluateRuntimeExpression.ts';

/** An OpenAPI link of a response: which operation it leads to, and how to fill that operation's parameters. */
export interface LinkSpec {
  readonly name: string;
  readonly operation: OperationSpec;
  /** Parameter name (a `path.` style prefix removed) to runtime expression or constant. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * The links the spec documents on the response an operation gave with `status`. Links to operations outside the
 * spec (external `operationRef`s) are left out: the runner can only follow what it can call.
 */
export function readLinks(spec: SpecIndex, operation: OperationSpec, status: number): LinkSpec[] {
  const documented = findResponse(operation.responses, status);
  if (!documented) return [];
  const pointer = joinPointer('/paths', operation.path, operation.method, 'responses', documented.status);
  const response = followRef(spec.document, resolvePointer(spec.document, pointer), pointer).value;
  const links = isRecord(response) ? response['links'] : undefined;
  if (!isRecord(links)) return [];
  const out: LinkSpec[] = [];
  for (const [name, raw] of Object.entries(links)) {
    const link = followRef(spec.document, raw, joinPointer(pointer, 'links', name)).value;
    if (!isRecord(link)) continue;
    const target = linkTarget(spec, link);
    if (!target) continue;
    const parameters: Record<string, unknown> = {};
    if (isRecord(link['parameters'])) {
      for (const [key, value] of Object.entries(link['parameters']))
        parameters[key.replace(/^(path|query|header|cookie)\./, '')] = value;
    }
    out.push({ name, operation: target, parameters });
  }
  return out;
}

/** The path parameters each linked operation gets from one exchange, by operation id. */
export function linkedPathParameters(
  links: readonly LinkSpec[],
  exchange: Exchange,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const link of links) {
    const own = out.get(link.operation.id) ?? {};
    for (const parameter of link.operation.parameters) {
      if (parameter.in !== 'path' || !(parameter.name in link.parameters)) continue;
      const value = evaluateRuntimeExpression(link.parameters[parameter.name], exchange);
      if (value !== undefined) own[parameter.name] = value;
    }
    if (Object.keys(own).length > 0) out.set(link.operation.id, own);
  }
  return out;
}

function linkTarget(spec: SpecIndex, link: Record<string, unknown>): OperationSpec | undefined {
  const { operationId, operationRef } = link;
  if (typeof operationId === 'string') return spec.operations.find((o) => o.id === operationId);
  if (typeof operationRef !== 'string' || !operationRef.startsWith('#/paths/')) return undefined;
  const tokens = operationRef
    .slice('#/paths/'.length)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'));
  const [path, method] = tokens;
  return spec.operations.find((o) => o.path === path && o.method === method);
}
