import type { Resource } from '../resources/types.ts';
import type { ObjectAddress } from '../store/types.ts';

export type ObjectKey = ObjectAddress;

/** The scope of a resource's objects named by a request: its scope parameters as `name=value&...`, in path order. */
export function scopeOf(resource: Resource, pathParams: Readonly<Record<string, string>>): string {
  if (resource.scopeParams.length === 0) return '';
  return resource.scopeParams
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(pathParams[name] ?? '')}`)
    .join('&');
}

/** Where the object a request addresses is kept: its scope and, unless it is a singleton, the item path's id. */
export function addressOf(resource: Resource, pathParams: Readonly<Record<string, string>>): ObjectKey {
  return {
    spec: resource.spec.name,
    resource: resource.name,
    scope: scopeOf(resource, pathParams),
    id: resource.singleton || resource.idParam === undefined ? '' : (pathParams[resource.idParam] ?? ''),
  };
}

/** A path template with its parameters filled in (`/books/{bookId}` → `/books/7`). */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}
