import type { Resource } from '../resources/types.ts';
import { isRecord } from '../spec/isRecord.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { Exchange } from './evaluateRuntimeExpression.ts';
import type { IdSlot } from './idSlots.ts';
import { linkedPathParameters, readLinks } from './readLinks.ts';

/** An object the runner created on the target, and how to address it afterwards. */
export interface CreatedObject {
  readonly resource: Resource;
  /** Its id as the item path takes it (from the inferred id field); `undefined` for a singleton or when none came. */
  readonly id: string | undefined;
  /** What create answered (parsed JSON). */
  readonly answer: unknown;
  /** The path parameters the create request was sent with (the scope: parents, a singleton's key). */
  readonly scope: Readonly<Record<string, string>>;
  /** Path parameters that the create answer's OpenAPI links give other operations, by operation id. */
  readonly linked: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The object this one is nested in (a book for a loan). */
  readonly parent: CreatedObject | undefined;
}

/** What a successful create told about the new object: its links first, its inferred id field otherwise. */
export function recordCreated(
  spec: SpecIndex,
  resource: Resource,
  operation: OperationSpec,
  exchange: Exchange,
  parent: CreatedObject | undefined,
): CreatedObject {
  const linked = linkedPathParameters(readLinks(spec, operation, exchange.status), exchange);
  const answer = exchange.responseBody;
  const field = resource.idField;
  const raw = field !== undefined && isRecord(answer) ? answer[field] : undefined;
  const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  return { resource, id, answer, scope: exchange.pathParams, linked, parent };
}

/** Whether the object can be named in the operation's path: by a link, by its id, or as a singleton by its scope. */
export function canAddress(object: CreatedObject, operation: OperationSpec): boolean {
  return object.resource.singleton || object.id !== undefined || object.linked.has(operation.id);
}

/**
 * The path parameters that name `object` (and its parents) in `operation`: what the create answers' links give
 * that operation, else each object's id at its slot, else the create requests' own path parameters.
 */
export function pathParamsFor(
  operation: OperationSpec,
  slots: readonly IdSlot[],
  object: CreatedObject,
): Record<string, string> {
  const chain: CreatedObject[] = [];
  for (let current: CreatedObject | undefined = object; current; current = current.parent)
    chain.push(current);
  const names = new Set(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name));
  const out: Record<string, string> = {};
  for (const current of chain) {
    for (const [name, value] of Object.entries(current.linked.get(operation.id) ?? {}))
      if (names.has(name)) out[name] ??= value;
  }
  for (const current of chain) {
    const slot = slots.find((s) => s.resource === current.resource);
    if (slot && current.id !== undefined) out[slot.param] ??= current.id;
  }
  for (const current of chain) {
    for (const [name, value] of Object.entries(current.scope)) if (names.has(name)) out[name] ??= value;
  }
  return out;
}
