import type { ResourceModel } from '../resources/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { canAddress, pathParamsFor, recordCreated, type CreatedObject } from './createdObject.ts';
import { exchangeOf } from './exchangeOf.ts';
import { idSlotsOf, withPathParams, type IdSlot } from './idSlots.ts';
import type { ContractCase, WireRequest, WireResponse } from './types.ts';

export interface IdBinderOptions {
  readonly target: string;
  /** The operator's `--param` values: a path parameter given there is never replaced. */
  readonly params: Readonly<Record<string, string>>;
  /** The target keeps no state: requests that need an existing object are sent with their planned ids. */
  readonly stateless: boolean;
  readonly safe: boolean;
}

/**
 * Gives the planned cases real ids: the cases of an operation whose path names an existing object (`GET
 * /integration/{integrationId}`, `POST /books/{bookId}/loans`) are sent with the id the first successful create of
 * that resource answered (through the spec's OpenAPI links, else the inferred id field), in an order that creates
 * before it reads and removes last, nested objects before their parents.
 */
export interface IdBinder {
  order(cases: readonly ContractCase[]): ContractCase[];
  /** The case with the ids filled in; `undefined` for a valid request that needs an id nobody has (noted). */
  bind(planned: ContractCase): ContractCase | undefined;
  /** Learns ids from successful creates, and which objects a successful remove deleted. */
  observe(planned: ContractCase, response: WireResponse | undefined): void;
  /** The path parameters naming existing objects in `operation` (for requests built from parts). */
  pathParams(operation: OperationSpec): Record<string, string>;
  readonly notes: readonly string[];
}

export function createIdBinder(spec: SpecIndex, model: ResourceModel, options: IdBinderOptions): IdBinder {
  const objects = new Map<string, CreatedObject>();
  /** Objects a valid remove deleted: still named by the cases that must be rejected anyway. */
  const gone = new Set<CreatedObject>();
  const notes: string[] = [];
  const noted = new Set<string>();
  const slotCache = new Map<OperationSpec, IdSlot[]>();
  const slotsOf = (operation: OperationSpec): IdSlot[] => {
    let slots = slotCache.get(operation);
    if (!slots) {
      slots = idSlotsOf(operation, model.resources).filter((s) => options.params[s.param] === undefined);
      slotCache.set(operation, slots);
    }
    return slots;
  };
  const actionOf = (operation: OperationSpec): string | undefined =>
    model.forOperation(operation)?.action.action;

  const values = (operation: OperationSpec, existing: boolean): Record<string, string> | undefined => {
    const slots = slotsOf(operation);
    const innermost = slots.at(-1);
    if (innermost === undefined) return {};
    const object = objects.get(innermost.resource.name);
    if (!object || !canAddress(object, operation)) return undefined;
    if (existing) {
      for (let current: CreatedObject | undefined = object; current; current = current.parent)
        if (gone.has(current)) return undefined;
    }
    const all = pathParamsFor(operation, slots, object);
    const out: Record<string, string> = {};
    for (const slot of slots) {
      const value = all[slot.param];
      if (value === undefined) return undefined;
      out[slot.param] = value;
    }
    return out;
  };

  return {
    notes,
    order(cases) {
      const rank = (operation: OperationSpec): number => {
        const depth = slotsOf(operation).length;
        return actionOf(operation) === 'remove' ? 1000 - depth : depth;
      };
      return cases
        .map((planned, index) => ({ planned, index, rank: rank(planned.operation) }))
        .sort((a, b) => a.rank - b.rank || a.index - b.index)
        .map((entry) => entry.planned);
    },

    bind(planned) {
      const { operation } = planned;
      if (slotsOf(operation).length === 0) return planned;
      const bound = values(operation, planned.kind === 'positive');
      if (bound === undefined) {
        if (options.stateless || planned.kind !== 'positive') return planned;
        const key = operation.id;
        if (!noted.has(key)) {
          noted.add(key);
          const params = slotsOf(operation).map((s) => s.param);
          const why = options.safe ? '--safe creates nothing' : 'no create answered one';
          notes.push(
            `${operation.id}: valid requests not sent: they need an existing ${params.join(' and ')} and ${why}; ` +
              `pass ${params.map((p) => `--param ${p}=<id>`).join(' ')} to name one`,
          );
        }
        return undefined;
      }
      // A case that breaks a path parameter on purpose keeps its broken value.
      const broken = /^path-[^:]+:(.+)$/.exec(planned.name)?.[1];
      if (broken !== undefined) Reflect.deleteProperty(bound, broken);
      const request: WireRequest = {
        ...planned.request,
        url: withPathParams(options.target, operation, planned.request.url, bound),
      };
      return { ...planned, request };
    },

    observe(planned, response) {
      if (!response || response.status < 200 || response.status > 299 || planned.kind !== 'positive') return;
      const found = model.forOperation(planned.operation);
      if (!found) return;
      const { resource } = found;
      if (found.action.action === 'create' && !objects.has(resource.name)) {
        const parent = resource.parent === undefined ? undefined : objects.get(resource.parent);
        const exchange = exchangeOf(options.target, planned.operation, planned.request, response);
        objects.set(resource.name, recordCreated(spec, resource, planned.operation, exchange, parent));
      }
      const removed = found.action.action === 'remove' ? objects.get(resource.name) : undefined;
      if (removed) gone.add(removed);
    },

    pathParams(operation) {
      return values(operation, true) ?? {};
    },
  };
}
