import { MockgramError } from '../errors.ts';
import { HTTP_METHODS, type HttpMethod, type OperationSpec, type SpecIndex } from '../spec/types.ts';

export type RouteMatch =
  | {
      readonly kind: 'operation';
      readonly spec: SpecIndex;
      readonly operation: OperationSpec;
      readonly pathParams: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly spec: SpecIndex; readonly allow: readonly string[] }
  | { readonly kind: 'not-found'; readonly spec: SpecIndex | undefined };

/** One path shape of one spec, with every method the spec serves there. */
interface Route {
  readonly spec: SpecIndex;
  /** Templated segments: fewer means more specific (`/books/mine` wins over `/books/{id}`). */
  readonly templated: number;
  /** Order of definition, which breaks ties between equally specific routes. */
  readonly order: number;
  readonly operations: Map<HttpMethod, Served>;
}

/** An operation and its own parameter names, in the order their values are captured (`{id}` here, `{name}` there). */
interface Served {
  readonly operation: OperationSpec;
  readonly names: readonly string[];
}

/** A level of the index: literal segments by text, templated ones by their shape (`{}`, `{}.{}`, `v{}`). */
interface IndexNode {
  readonly literal: Map<string, IndexNode>;
  readonly templated: Map<string, { readonly pattern: RegExp; readonly node: IndexNode }>;
  readonly routes: Route[];
}

export interface Router {
  match(method: string, pathname: string): RouteMatch;
}

/**
 * Builds one routing table over several specs; fails when two specs serve the same method and path. Paths are
 * indexed segment by segment, so matching a request costs the same with ten operations or ten thousand: only the
 * branches whose segments fit the path are visited. Of the routes that fit, the one with the fewest templated
 * segments (then the first defined) that serves the method wins; a path served without the method is a 405 whose
 * Allow lists what every fitting route serves.
 */
export function createRouter(specs: readonly SpecIndex[]): Router {
  const root = buildIndex(specs);
  const basePaths = [...specs].sort((a, b) => b.basePath.length - a.basePath.length);

  return {
    match(method, pathname) {
      const key = METHOD_KEYS.get(method) ?? (method.toLowerCase() as HttpMethod);
      const found = findRoutes(root, pathname);
      if (found.length > 1) found.sort(bySpecificity);
      const [first] = found;
      if (!first) {
        const owner = basePaths.find((s) => pathname === s.basePath || pathname.startsWith(`${s.basePath}/`));
        return { kind: 'not-found', spec: owner };
      }
      for (const { route, values } of found) {
        const served = route.operations.get(key);
        if (!served) continue;
        const { operation, names } = served;
        const pathParams: Record<string, string> = {};
        for (let i = 0; i < names.length; i++) pathParams[names[i] ?? ''] = safeDecode(values[i] ?? '');
        return { kind: 'operation', spec: route.spec, operation, pathParams };
      }
      // Specs may share a path with different methods: Allow lists what any of them serves.
      const allow = new Set<string>();
      for (const { route } of found)
        for (const served of route.operations.keys()) allow.add(served.toUpperCase());
      return { kind: 'method-not-allowed', spec: first.route.spec, allow: [...allow] };
    },
  };
}

/** Upper-case request methods to the spec's keys, so the usual ones need no lower-casing per request. */
const METHOD_KEYS: ReadonlyMap<string, HttpMethod> = new Map(
  HTTP_METHODS.map((method) => [method.toUpperCase(), method]),
);

interface Found {
  readonly route: Route;
  readonly values: readonly string[];
}

function bySpecificity(a: Found, b: Found): number {
  return a.route.templated - b.route.templated || a.route.order - b.route.order;
}

/** Every route whose template fits the path; one trailing slash is optional, as it always was. */
function findRoutes(root: IndexNode, pathname: string): Found[] {
  const segments = pathname.split('/');
  const found: Found[] = [];
  walk(root, segments, segments.length, 0, [], found);
  if (segments.length > 2 && segments[segments.length - 1] === '') {
    const exact = new Set(found.map((f) => f.route));
    const trimmed: Found[] = [];
    walk(root, segments, segments.length - 1, 0, [], trimmed);
    for (const candidate of trimmed) if (!exact.has(candidate.route)) found.push(candidate);
  }
  return found;
}

function walk(
  node: IndexNode,
  segments: readonly string[],
  end: number,
  at: number,
  values: string[],
  found: Found[],
): void {
  if (at === end) {
    for (const route of node.routes) found.push({ route, values: [...values] });
    return;
  }
  const segment = segments[at] ?? '';
  const literal = node.literal.get(segment);
  if (literal) walk(literal, segments, end, at + 1, values, found);
  for (const { pattern, node: next } of node.templated.values()) {
    const captured = pattern.exec(segment);
    if (!captured) continue;
    const depth = values.length;
    for (let i = 1; i < captured.length; i++) values.push(captured[i] ?? '');
    walk(next, segments, end, at + 1, values, found);
    values.length = depth;
  }
}

function newNode(): IndexNode {
  return { literal: new Map(), templated: new Map(), routes: [] };
}

function buildIndex(specs: readonly SpecIndex[]): IndexNode {
  const root = newNode();
  // Every spec's route for a path shape, so a clash between any two of them is found, not only with the first.
  const byShape = new Map<string, Route[]>();
  let order = 0;
  for (const spec of specs) {
    for (const operation of spec.operations) {
      const shape = operation.routePath.replace(/\{[^}]+\}/g, '{}');
      const sameShape = byShape.get(shape) ?? [];
      const clash = sameShape.find((r) => r.spec !== spec && r.operations.has(operation.method));
      if (clash) {
        const other = clash.operations.get(operation.method)?.operation;
        throw new MockgramError(
          'ROUTE_COLLISION',
          `${operation.method.toUpperCase()} ${operation.routePath} is served by both ${clash.spec.source} ` +
            `(${other?.id ?? ''}) and ${spec.source} (${operation.id})`,
        );
      }
      const names: string[] = [];
      let node = root;
      for (const segment of operation.routePath.split('/')) node = childFor(node, segment, names);
      const own = sameShape.find((r) => r.spec === spec);
      if (own) {
        own.operations.set(operation.method, { operation, names });
        continue;
      }
      const route: Route = {
        spec,
        templated: names.length,
        order: order++,
        operations: new Map([[operation.method, { operation, names }]]),
      };
      node.routes.push(route);
      byShape.set(shape, [...sameShape, route]);
    }
  }
  return root;
}

/** The index level below `node` for one template segment; the names it captures are appended to `names`. */
function childFor(node: IndexNode, segment: string, names: string[]): IndexNode {
  const parts = segment.split(/(\{[^}]+\})/);
  if (parts.length === 1) {
    let next = node.literal.get(segment);
    if (!next) node.literal.set(segment, (next = newNode()));
    return next;
  }
  let shape = '';
  let source = '';
  for (const part of parts) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      shape += part;
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else {
      names.push(name);
      shape += '{}';
      source += '([^/]+)';
    }
  }
  let entry = node.templated.get(shape);
  if (!entry) node.templated.set(shape, (entry = { pattern: new RegExp(`^${source}$`), node: newNode() }));
  return entry.node;
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
