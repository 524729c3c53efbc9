import { MockgramError } from '../errors.ts';
import { derefSchema, objectProperties, schemaTypes } from '../mock/schemaView.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { OperationSpec, SchemaLocation, SpecIndex } from '../spec/types.ts';
import { listPlanFor, listItemsSchema, successSchema } from './listShape.ts';
import type {
  Resource,
  ResourceAction,
  ResourceDeclaration,
  ResourceModel,
  ResourceOperation,
} from './types.ts';

const ITEM_ACTIONS: Readonly<Record<string, ResourceAction>> = {
  get: 'read',
  put: 'replace',
  patch: 'merge',
  delete: 'remove',
};

/**
 * Reads the resources of each spec from its shape, with no configuration: a collection `POST` creates; `GET`,
 * `PUT`, `PATCH`, `DELETE` on the collection path plus one path parameter read, replace, merge and remove; a `GET`
 * that answers a list of the same objects (on the collection, a nested or a by-parent path) lists them. A `POST`
 * with `DELETE`/`PUT`/`PATCH` (or a non-list `GET`) on the same path and no item path is a singleton, one object
 * per path. Declarations (from scenario files) come first and claim their operations.
 */
export function inferResources(
  specs: readonly SpecIndex[],
  declarations: ReadonlyMap<string, readonly ResourceDeclaration[]> = new Map(),
): ResourceModel {
  const resources: Resource[] = [];
  for (const spec of specs) {
    const declared = (declarations.get(spec.name) ?? []).map((d) => declaredResource(spec, d));
    const claimed = new Set(declared.flatMap((r) => r.operations.map((o) => o.operation)));
    resources.push(...declared, ...inferSpec(spec, claimed, new Set(declared.map((r) => r.name))));
  }
  const byOperation = new Map<OperationSpec, { resource: Resource; action: ResourceOperation }>();
  for (const resource of resources) {
    for (const action of resource.operations) byOperation.set(action.operation, { resource, action });
  }
  return {
    resources,
    forOperation: (operation) => byOperation.get(operation),
    byName: (spec, name) => resources.find((r) => r.spec.name === spec && r.name === name),
  };
}

function inferSpec(spec: SpecIndex, claimed: ReadonlySet<OperationSpec>, taken: Set<string>): Resource[] {
  const byPath = new Map<string, Map<string, OperationSpec>>();
  for (const operation of spec.operations) {
    if (claimed.has(operation)) continue;
    const methods = byPath.get(operation.path) ?? new Map<string, OperationSpec>();
    methods.set(operation.method, operation);
    byPath.set(operation.path, methods);
  }
  const { document } = spec;
  const resources: Resource[] = [];
  const used = new Set<OperationSpec>();
  for (const [path, methods] of byPath) {
    const create = methods.get('post');
    if (!create) continue;
    const itemPath = [...byPath.keys()].find((candidate) => isItemPathOf(candidate, path));
    const item = itemPath === undefined ? undefined : byPath.get(itemPath);
    const collectionGet = methods.get('get');
    const collectionLists =
      collectionGet !== undefined && listItemsSchema(document, collectionGet) !== undefined;
    const operations: ResourceOperation[] = [{ operation: create, action: 'create' }];
    let singleton = false;
    if (item) {
      for (const [method, operation] of item) {
        const action = ITEM_ACTIONS[method];
        if (action) operations.push({ operation, action });
      }
    } else {
      for (const [method, operation] of methods) {
        const action = ITEM_ACTIONS[method];
        if (action && !(method === 'get' && collectionLists)) operations.push({ operation, action });
      }
      singleton = operations.length > 1;
    }
    if (!singleton && item === undefined && !collectionLists) continue;
    const schema = storedSchema(spec, operations, collectionLists ? collectionGet : undefined);
    const idParam = itemPath === undefined ? undefined : lastParam(itemPath);
    const idField = singleton ? undefined : findIdField(document, schema, idParam, path);
    if (!singleton && idField === undefined) continue;
    const name = uniqueName(nameFor(schema, path), taken);
    resources.push({
      name,
      spec,
      collectionPath: path,
      itemPath: itemPath ?? path,
      singleton,
      scopeParams: paramsOf(path),
      idParam,
      idField,
      schema,
      parent: undefined,
      parentParam: undefined,
      operations,
      notFoundScenario: undefined,
      declared: false,
      description: '',
    });
    for (const { operation } of operations) used.add(operation);
  }
  const withLists = addListOperations(spec, resources, claimed, used);
  return withLists.map((resource) => withParent(resource, withLists));
}

/** Every unclaimed `GET` answering a list of a resource's objects lists that resource. */
function addListOperations(
  spec: SpecIndex,
  resources: readonly Resource[],
  claimed: ReadonlySet<OperationSpec>,
  used: ReadonlySet<OperationSpec>,
): Resource[] {
  const lists = new Map<Resource, ResourceOperation[]>();
  for (const operation of spec.operations) {
    if (operation.method !== 'get' || claimed.has(operation) || used.has(operation)) continue;
    const items = listItemsSchema(spec.document, operation);
    if (items === undefined) continue;
    const owner = resources.find(
      (r) => r.schema !== undefined && sameSchema(spec.document, r.schema.schema, items.schema),
    );
    if (!owner) continue;
    const plan = listPlanFor(spec.document, operation, owner.schema, owner.scopeParams);
    if (!plan) continue;
    const own = lists.get(owner) ?? [];
    own.push({ operation, action: 'list', list: plan });
    lists.set(owner, own);
  }
  return resources.map((resource) => {
    const extra = lists.get(resource);
    return extra ? { ...resource, operations: [...resource.operations, ...extra] } : resource;
  });
}

/** `/books/{bookId}/loans` belongs to the resource whose item path is `/books/{id}`. */
function withParent(resource: Resource, all: readonly Resource[]): Resource {
  const segments = resource.collectionPath.split('/');
  const last = segments.at(-2);
  if (last === undefined || !isParamSegment(last)) return resource;
  const prefix = shapeOf(segments.slice(0, -1).join('/'));
  const parent = all.find((r) => r !== resource && !r.singleton && shapeOf(r.itemPath) === prefix);
  return parent ? { ...resource, parent: parent.name, parentParam: paramName(last) } : resource;
}

function declaredResource(spec: SpecIndex, declaration: ResourceDeclaration): Resource {
  const fail = (message: string): never => {
    throw new MockgramError('SCENARIO_INVALID', `resource '${declaration.name}' of ${spec.name}: ${message}`);
  };
  const operations: ResourceOperation[] = [];
  for (const [action, ids] of Object.entries(declaration.operations) as [ResourceAction, string[]][]) {
    for (const id of ids) {
      const operation =
        spec.operations.find((o) => o.id === id) ??
        fail(
          `operation '${id}' is not in ${spec.name} (operations: ${spec.operations.map((o) => o.id).join(', ')})`,
        );
      operations.push({ operation, action });
    }
  }
  const create = operations.find((o) => o.action === 'create')?.operation;
  const anchor = create ?? operations[0]?.operation ?? fail('names no operation');
  const itemOperation = operations.find((o) => o.action !== 'create' && o.action !== 'list')?.operation;
  const singleton =
    declaration.singleton ?? (itemOperation === undefined || itemOperation.path === anchor.path);
  const itemPath = itemOperation?.path ?? anchor.path;
  const idParam = singleton ? undefined : lastParam(itemPath);
  const withLists = operations.map((entry) => {
    if (entry.action !== 'list') return entry;
    const plan = listPlanFor(spec.document, entry.operation, undefined, paramsOf(anchor.path));
    return plan ? { ...entry, list: plan } : fail(`'${entry.operation.id}' does not answer a list`);
  });
  const schema = storedSchema(spec, withLists, undefined);
  const idField = singleton
    ? declaration.id
    : (declaration.id ?? findIdField(spec.document, schema, idParam, anchor.path));
  if (!singleton && idField === undefined) fail('no id field found in its objects; name it with `id`');
  return {
    name: declaration.name,
    spec,
    collectionPath: anchor.path,
    itemPath: singleton ? anchor.path : itemPath,
    singleton,
    scopeParams: paramsOf(anchor.path),
    idParam,
    idField,
    schema,
    parent: undefined,
    parentParam: undefined,
    operations: withLists,
    notFoundScenario: declaration.notFound,
    declared: true,
    description: declaration.description ?? '',
  };
}

/** What reads return, else what an update or a list returns, else what create returns. */
function storedSchema(
  spec: SpecIndex,
  operations: readonly ResourceOperation[],
  collectionList: OperationSpec | undefined,
): SchemaLocation | undefined {
  const { document } = spec;
  const of = (action: ResourceAction): SchemaLocation | undefined => {
    const found = operations.find((o) => o.action === action);
    return found && objectSchema(document, successSchema(found.operation));
  };
  return (
    of('read') ??
    of('replace') ??
    of('merge') ??
    (collectionList && listItemsSchema(document, collectionList)) ??
    of('create')
  );
}

function objectSchema(
  document: JsonObject,
  location: SchemaLocation | undefined,
): SchemaLocation | undefined {
  if (!location) return undefined;
  const types = schemaTypes(derefSchema(document, location.schema));
  return types.length === 0 || types.includes('object') ? location : undefined;
}

/** Same schema: the same `$ref` target, or objects with the same property names. */
export function sameSchema(document: JsonObject, a: unknown, b: unknown): boolean {
  const left = derefSchema(document, a);
  const right = derefSchema(document, b);
  if (left === right) return true;
  const leftNames = Object.keys(objectProperties(document, left).properties);
  const rightNames = Object.keys(objectProperties(document, right).properties);
  return (
    leftNames.length > 0 &&
    leftNames.length === rightNames.length &&
    leftNames.every((name) => rightNames.includes(name))
  );
}

/** The property holding an object's id: the item path's parameter, `id`, `<resource>Id`, or `_id`. */
function findIdField(
  document: JsonObject,
  schema: SchemaLocation | undefined,
  idParam: string | undefined,
  collectionPath: string,
): string | undefined {
  if (!schema) return undefined;
  const names = Object.keys(objectProperties(document, schema.schema).properties);
  const stem = singular(lastStaticSegment(collectionPath) ?? '').replace(/[-_](\w)/g, (_m, c: string) =>
    c.toUpperCase(),
  );
  const candidates = [idParam, 'id', `${stem}Id`, `${stem}_id`, '_id', 'uuid'].filter(
    (name): name is string => name !== undefined,
  );
  return (
    candidates.find((name) => names.includes(name)) ??
    names.find((name) => name.toLowerCase() === `${stem.toLowerCase()}id`)
  );
}

function nameFor(schema: SchemaLocation | undefined, path: string): string {
  const ref = isRecord(schema?.schema) ? schema.schema['$ref'] : undefined;
  const component = typeof ref === 'string' ? /\/components\/schemas\/([^/]+)$/.exec(ref)?.[1] : undefined;
  return component ?? lastStaticSegment(path) ?? 'resource';
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

function isItemPathOf(candidate: string, collection: string): boolean {
  if (!candidate.startsWith(`${collection}/`)) return false;
  const rest = candidate.slice(collection.length + 1);
  return !rest.includes('/') && isParamSegment(rest);
}

function isParamSegment(segment: string): boolean {
  return /^\{[^{}]+\}$/.test(segment);
}

function paramName(segment: string): string {
  return segment.slice(1, -1);
}

function paramsOf(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] ?? '');
}

function lastParam(path: string): string | undefined {
  return paramsOf(path).at(-1);
}

function lastStaticSegment(path: string): string | undefined {
  return path
    .split('/')
    .filter((s) => s !== '' && !s.includes('{'))
    .at(-1);
}

function shapeOf(path: string): string {
  return path.replace(/\{[^{}]+\}/g, '{}');
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
