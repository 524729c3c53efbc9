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

interface Route {
  readonly spec: SpecIndex;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Templated segments: fewer means more specific (`/books/mine` wins over `/books/{id}`). */
  readonly templated: number;
  readonly operations: ReadonlyMap<HttpMethod, OperationSpec>;
}

export interface Router {
  match(method: string, pathname: string): RouteMatch;
}

/** Builds one routing table over several specs; fails when two specs serve the same method and path. */
export function createRouter(specs: readonly SpecIndex[]): Router {
  const routes = buildRoutes(specs);
  const basePaths = [...specs].sort((a, b) => b.basePath.length - a.basePath.length);

  return {
    match(method, pathname) {
      const key = METHOD_KEYS.get(method) ?? (method.toLowerCase() as HttpMethod);
      let pathOnly: Route | undefined;
      let allow: Set<string> | undefined;
      for (const route of routes) {
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        const operation = route.operations.get(key);
        if (operation) {
          const pathParams: Record<string, string> = {};
          for (let i = 0; i < route.names.length; i++) {
            pathParams[route.names[i] ?? ''] = safeDecode(found[i + 1] ?? '');
          }
          return { kind: 'operation', spec: route.spec, operation, pathParams };
        }
        pathOnly ??= route;
        // Specs may share a path with different methods: Allow lists what any of them serves.
        allow ??= new Set<string>();
        for (const served of route.operations.keys()) allow.add(served.toUpperCase());
      }
      if (pathOnly) return { kind: 'method-not-allowed', spec: pathOnly.spec, allow: [...(allow ?? [])] };
      const owner = basePaths.find((s) => pathname === s.basePath || pathname.startsWith(`${s.basePath}/`));
      return { kind: 'not-found', spec: owner };
    },
  };
}

/** Upper-case request methods to the spec's keys, so the usual ones need no lower-casing per request. */
const METHOD_KEYS: ReadonlyMap<string, HttpMethod> = new Map(
  HTTP_METHODS.map((method) => [method.toUpperCase(), method]),
);

function buildRoutes(specs: readonly SpecIndex[]): Route[] {
  type MutableRoute = Route & { operations: Map<HttpMethod, OperationSpec> };
  // Every spec's route for a path shape, so a clash between any two of them is found, not only with the first.
  const byTemplate = new Map<string, MutableRoute[]>();
  const routes: MutableRoute[] = [];
  for (const spec of specs) {
    for (const operation of spec.operations) {
      const shape = operation.routePath.replace(/\{[^}]+\}/g, '{}');
      const sameShape = byTemplate.get(shape) ?? [];
      const clash = sameShape.find((r) => r.spec !== spec && r.operations.has(operation.method));
      if (clash) {
        const other = clash.operations.get(operation.method);
        throw new MockgramError(
          'ROUTE_COLLISION',
          `${operation.method.toUpperCase()} ${operation.routePath} is served by both ${clash.spec.source} ` +
            `(${other?.id ?? ''}) and ${spec.source} (${operation.id})`,
        );
      }
      const own = sameShape.find((r) => r.spec === spec);
      if (own) {
        own.operations.set(operation.method, operation);
        continue;
      }
      const { pattern, names } = compileTemplate(operation.routePath);
      const route = {
        spec,
        pattern,
        names,
        templated: names.length,
        operations: new Map([[operation.method, operation]]),
      };
      routes.push(route);
      byTemplate.set(shape, [...sameShape, route]);
    }
  }
  return routes.sort((a, b) => a.templated - b.templated);
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
