import type { OperationSpec, SchemaLocation, SpecIndex } from '../spec/types.ts';

/** What an operation does to a resource's stored objects. */
export const RESOURCE_ACTIONS = ['create', 'read', 'replace', 'merge', 'remove', 'list'] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];

/** Where a list answer keeps its objects, and which of its fields count them. */
export interface ListShape {
  /** `''` for a bare array, else the property holding it (`data`, `items`). */
  readonly arrayField: string;
  /** Number fields beside the array that take the count of matching objects (`total`, `count`). */
  readonly totalFields: readonly string[];
}

/** A request parameter that narrows a list to objects whose `field` equals its value. */
export interface ListFilter {
  readonly in: 'path' | 'query';
  readonly parameter: string;
  readonly field: string;
}

/** Query parameters that page through a list, by role. */
export interface Pagination {
  readonly limit?: string;
  readonly offset?: string;
  /** 1-based page number, used with `limit`. */
  readonly page?: string;
}

export interface ListPlan {
  readonly shape: ListShape;
  readonly filters: readonly ListFilter[];
  readonly pagination: Pagination;
}

export interface ResourceOperation {
  readonly operation: OperationSpec;
  readonly action: ResourceAction;
  /** Set for `list`. */
  readonly list?: ListPlan | undefined;
}

/**
 * A kind of object the API keeps: created by one operation, then read, replaced, merged, removed or listed by
 * others. Objects are kept per scope: the values of `scopeParams` (the parents of a nested collection, or the key
 * of a singleton).
 */
export interface Resource {
  /** Unique within its spec: the stored schema's component name, else the collection's last path segment. */
  readonly name: string;
  readonly spec: SpecIndex;
  /** Spec path of the operation that creates (or of the collection). */
  readonly collectionPath: string;
  /** Spec path of one object: the collection path plus `{idParam}`, or the collection path for a singleton. */
  readonly itemPath: string;
  /** One object per scope, addressed by the scope alone (a second create replaces it). */
  readonly singleton: boolean;
  /** Path parameters that name the scope, in path order. */
  readonly scopeParams: readonly string[];
  /** The item path's own parameter; `undefined` for a singleton. */
  readonly idParam: string | undefined;
  /** The stored object's property that holds its id; `undefined` when it has none. */
  readonly idField: string | undefined;
  /** What a stored object must look like (what reads return). */
  readonly schema: SchemaLocation | undefined;
  /** The resource whose objects own this one's scopes (`books` for `/books/{bookId}/loans`). */
  readonly parent: string | undefined;
  /** How the parent's id maps onto this resource's scope parameters. */
  readonly parentParam: string | undefined;
  readonly operations: readonly ResourceOperation[];
  /** A scenario answering for an object that does not exist (declared resources only). */
  readonly notFoundScenario: string | undefined;
  readonly declared: boolean;
  readonly description: string;
}

/** A resource declared in a scenario file, for shapes inference cannot see. */
export interface ResourceDeclaration {
  readonly name: string;
  readonly description?: string | undefined;
  readonly singleton?: boolean | undefined;
  readonly id?: string | undefined;
  readonly notFound?: string | undefined;
  readonly operations: Readonly<Partial<Record<ResourceAction, readonly string[]>>>;
}

export interface ResourceModel {
  readonly resources: readonly Resource[];
  /** The resource an operation acts on, and how. */
  forOperation(operation: OperationSpec): { resource: Resource; action: ResourceOperation } | undefined;
  byName(spec: string, name: string): Resource | undefined;
}
