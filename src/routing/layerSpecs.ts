import { MockgramError } from '../errors.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';

/** What to do when several specs document the same method and path: the later one answers it, or refuse to start. */
export const CONFLICT_POLICIES = ['override', 'error'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** An operation a spec documents but does not answer, because a spec given later documents the same method and path. */
export interface OverriddenOperation {
  readonly spec: SpecIndex;
  readonly operation: OperationSpec;
  /** The spec given later, and its operation, that answers instead. */
  readonly by: { readonly spec: SpecIndex; readonly operation: OperationSpec };
}

export interface LayeredSpecs {
  /** The specs in the order given, each with only the operations it answers (the same object when it lost none). */
  readonly specs: readonly SpecIndex[];
  readonly overridden: readonly OverriddenOperation[];
}

/**
 * Decides, before any router or validator is built, which spec answers each method and path shape (`/a/{x}` and
 * `/a/{y}` are the same shape). With `override` the spec given last answers a shared shape and the earlier ones keep
 * the rest, so a vendor's full spec can fill the gaps around a curated one; with `error` a shared shape stops start-up.
 */
export function layerSpecs(specs: readonly SpecIndex[], policy: ConflictPolicy): LayeredSpecs {
  const owner = new Map<string, { spec: SpecIndex; operation: OperationSpec }>();
  for (const spec of specs) {
    for (const operation of spec.operations) {
      const key = routeKey(operation);
      const earlier = owner.get(key);
      if (policy === 'error' && earlier && earlier.spec !== spec)
        throw new MockgramError(
          'ROUTE_COLLISION',
          `${operation.method.toUpperCase()} ${operation.routePath} is served by both ${earlier.spec.source} ` +
            `(${earlier.operation.id}) and ${spec.source} (${operation.id})`,
        );
      owner.set(key, { spec, operation });
    }
  }
  const overridden: OverriddenOperation[] = [];
  for (const spec of specs) {
    for (const operation of spec.operations) {
      const by = owner.get(routeKey(operation));
      if (by && by.spec !== spec) overridden.push({ spec, operation, by });
    }
  }
  if (overridden.length === 0) return { specs, overridden };
  const gone = new Set(overridden.map((o) => o.operation));
  return {
    specs: specs.map((spec) =>
      spec.operations.some((o) => gone.has(o))
        ? { ...spec, operations: spec.operations.filter((o) => !gone.has(o)) }
        : spec,
    ),
    overridden,
  };
}

/**
 * Method and path with every template variable blanked and no trailing slash: operations with the same key answer the
 * same requests.
 */
function routeKey(operation: OperationSpec): string {
  const shape = operation.routePath.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/+$/, '$1');
  return `${operation.method} ${shape}`;
}
