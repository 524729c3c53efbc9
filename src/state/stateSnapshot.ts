import type { Resource, ResourceModel } from '../resources/types.ts';
import { isRecord } from '../spec/isRecord.ts';
import type { SpecValidators } from '../validate/compileSpecValidators.ts';
import type { StoredObject } from '../store/types.ts';

/** One resource's objects in one scope, as the admin API shows and takes them. */
export interface ResourceState {
  readonly spec: string;
  readonly name: string;
  /** The path that addresses one object (with `{param}`s), as served. */
  readonly path: string;
  /** The scope's path parameters (the parent's id, a singleton's key); `{}` for a top-level collection. */
  readonly scope: Readonly<Record<string, string>>;
  readonly objects: readonly unknown[];
}

/** A problem with a seed, naming where in it. */
export interface SeedProblem {
  /** JSON Pointer into the seed, e.g. `/resources/0/objects/1/title`. */
  readonly path: string;
  readonly message: string;
}

/**
 * The objects of a session, grouped by resource and scope; every resource is listed, with no objects when it has
 * none (a scoped resource is listed once per scope that has objects, else once with an empty scope).
 */
export function describeState(model: ResourceModel, objects: readonly StoredObject[]): ResourceState[] {
  const groups = new Map<string, { resource: Resource; scope: string; objects: unknown[] }>();
  for (const object of objects) {
    const resource = model.byName(object.spec, object.resource);
    if (!resource) continue;
    const key = `${object.spec}\u0000${object.resource}\u0000${object.scope}`;
    const group = groups.get(key) ?? { resource, scope: object.scope, objects: [] };
    group.objects.push(object.value);
    groups.set(key, group);
  }
  const out: ResourceState[] = [];
  for (const resource of model.resources) {
    const own = [...groups.values()].filter((g) => g.resource === resource);
    if (own.length === 0) out.push(stateOf(resource, '', []));
    for (const group of own) out.push(stateOf(resource, group.scope, group.objects));
  }
  return out;
}

function stateOf(resource: Resource, scope: string, objects: unknown[]): ResourceState {
  return {
    spec: resource.spec.name,
    name: resource.name,
    path: `${resource.spec.basePath}${resource.itemPath}`,
    scope: Object.fromEntries(new URLSearchParams(scope)),
    objects,
  };
}

/**
 * Reads a seed (`{resources: [{spec?, name, scope?, objects}]}`, what `describeState` gives) into objects to store,
 * checking each against the resource's schema: every problem is named, and nothing is stored unless all is well.
 */
export function readSeed(
  model: ResourceModel,
  validators: (resource: Resource) => SpecValidators,
  seed: unknown,
  weightOf: (value: unknown) => number,
): { readonly objects: StoredObject[]; readonly problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const objects: StoredObject[] = [];
  const entries = isRecord(seed) ? seed['resources'] : undefined;
  if (!Array.isArray(entries)) {
    problems.push({
      path: '/resources',
      message: 'send {"resources": [{"name": "<resource>", "objects": [...]}]}',
    });
    return { objects, problems };
  }
  entries.forEach((entry: unknown, index) => {
    const at = `/resources/${index}`;
    if (!isRecord(entry) || typeof entry['name'] !== 'string' || !Array.isArray(entry['objects'])) {
      problems.push({ path: at, message: 'each entry needs a "name" and an "objects" list' });
      return;
    }
    const name = entry['name'];
    const spec = typeof entry['spec'] === 'string' ? entry['spec'] : undefined;
    const candidates = model.resources.filter(
      (r) => r.name === name && (spec === undefined || r.spec.name === spec),
    );
    const [resource] = candidates;
    if (!resource || candidates.length > 1) {
      const known = model.resources.map((r) => `${r.spec.name}/${r.name}`).join(', ') || 'none';
      problems.push({
        path: `${at}/name`,
        message:
          candidates.length > 1
            ? `'${name}' is in several specs; add "spec"`
            : `no resource '${name}' (resources: ${known})`,
      });
      return;
    }
    const scope = isRecord(entry['scope']) ? entry['scope'] : {};
    const missing = resource.scopeParams.filter((param) => typeof scope[param] !== 'string');
    if (missing.length > 0 && entry['objects'].length > 0) {
      problems.push({
        path: `${at}/scope`,
        message: `${resource.name} is kept per ${resource.scopeParams.join(', ')}: give ${missing.join(', ')} in "scope"`,
      });
      return;
    }
    const scopeKey = resource.scopeParams
      .map((param) => `${encodeURIComponent(param)}=${encodeURIComponent(String(scope[param]))}`)
      .join('&');
    const validate = resource.schema && validators(resource).schemaAt(resource.schema.pointer);
    (entry['objects'] as unknown[]).forEach((value, i) => {
      const objectAt = `${at}/objects/${i}`;
      if (validate && !validate(value)) {
        for (const error of validate.errors ?? [])
          problems.push({
            path: `${objectAt}${error.instancePath}`,
            message: `${objectAt}${error.instancePath} ${error.message ?? 'is not valid'}`,
          });
        return;
      }
      let id = '';
      if (!resource.singleton) {
        const field = resource.idField ?? '';
        const raw = isRecord(value) ? value[field] : undefined;
        if (typeof raw !== 'string' && typeof raw !== 'number') {
          problems.push({ path: `${objectAt}/${field}`, message: `${objectAt} needs its id in '${field}'` });
          return;
        }
        id = String(raw);
      } else if ((entry['objects'] as unknown[]).length > 1) {
        problems.push({
          path: objectAt,
          message: `${resource.name} holds one object per ${resource.scopeParams.join(', ') || 'spec'}`,
        });
        return;
      }
      objects.push({
        spec: resource.spec.name,
        resource: resource.name,
        scope: scopeKey,
        id,
        value,
        weight: weightOf(value),
      });
    });
  });
  return { objects, problems };
}
