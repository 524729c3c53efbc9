/**
 * Everything the mock remembers between requests, behind one interface: scenario choices, sequence positions, opt-in
 * rules, and the objects a session created. Every method may answer asynchronously, so a store shared by several
 * mock instances (a database, a cache server) can implement it without the engine changing; the in-memory store
 * answers at once.
 */
export interface MockStore {
  readonly limits: StoreLimits;

  /** The admin API's scenario choice for an operation (or all of them), per session or for the whole server. */
  setActive(scenario: string, scope: ActiveScope): Promise<void>;
  /**
   * Back to the defaults for one session (its sequences too), or for the server; only for one operation (its own
   * choice and sequences) when `operation` is given.
   */
  clearActive(session: string | undefined, operation?: string): Promise<void>;
  /** Session first, then the whole server; an operation's own choice beats an all-operations one. */
  active(operationId: string, session: string | undefined): Promise<ActiveChoice | undefined>;
  /** A sequence's position (0 first), moved on by one. */
  advance(session: string | undefined, sequence: string): Promise<number>;
  /** A sequence's position, unmoved. */
  position(session: string | undefined, sequence: string): Promise<number>;
  setRule(name: string, enabled: boolean): Promise<void>;
  enabledRules(): Promise<ReadonlySet<string>>;

  /** One stored object (it becomes the session's most recently used). */
  getObject(session: string | undefined, address: ObjectAddress): Promise<StoredObject | undefined>;
  /** Stores or replaces an object; says what was evicted to make room. */
  putObject(session: string | undefined, object: StoredObject): Promise<readonly Eviction[]>;
  removeObject(session: string | undefined, address: ObjectAddress): Promise<boolean>;
  /** Removes every object of a collection and of the collections nested under it (its scope extended). */
  removeScope(session: string | undefined, collection: CollectionAddress): Promise<number>;
  /** The objects of a resource, oldest first: of one scope, or of every scope when `scope` is undefined. */
  listObjects(
    session: string | undefined,
    spec: string,
    resource: string,
    scope: string | undefined,
  ): Promise<readonly StoredObject[]>;
  /** Every object of a session, oldest first. */
  sessionObjects(session: string | undefined): Promise<readonly StoredObject[]>;
  /** Replaces all of a session's objects at once (a seed). */
  replaceObjects(session: string | undefined, objects: readonly StoredObject[]): Promise<readonly Eviction[]>;
  clearObjects(session: string | undefined): Promise<void>;

  /** What the admin API shows: choices, enabled rules, and each session's object count. */
  snapshot(): Promise<StoreSnapshot>;
  /** Everything back to the start (opt-in rules enabled at start-up stay enabled). */
  reset(): Promise<void>;
}

export interface StoreLimits {
  /** Sessions kept besides the default one; the least recently used goes first. */
  readonly maxSessions: number;
  /** Objects kept per session; the least recently used goes first. */
  readonly maxObjects: number;
  /** Approximate bytes of objects kept in all; the least recently used session gives up objects first. */
  readonly maxBytes: number;
  /** Sequence positions kept per session. */
  readonly maxSequences: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = {
  maxSessions: 100,
  maxObjects: 1000,
  maxBytes: 64 * 1024 * 1024,
  maxSequences: 1000,
};

export interface ActiveScope {
  readonly operation?: string | undefined;
  readonly session?: string | undefined;
}

export interface ActiveChoice {
  readonly scenario: string;
  readonly scope: 'session' | 'global';
  /** The choice was made for every operation, not for this one. */
  readonly allOperations: boolean;
}

/** Where a resource keeps one scope's objects: the spec, the resource, and its scope's path parameters. */
export interface CollectionAddress {
  readonly spec: string;
  readonly resource: string;
  /** The scope's path parameters, `name=value` joined by `&` in path order; `''` for a top-level collection. */
  readonly scope: string;
}

export interface ObjectAddress extends CollectionAddress {
  /** The object's id (`''` for a singleton). */
  readonly id: string;
}

/**
 * An object of a session. A store keeps its own copy of `value` (JSON data): changing an object after `putObject`, or
 * a value a read answered, changes nothing stored.
 */
export interface StoredObject extends ObjectAddress {
  readonly value: unknown;
  /** Approximate size in bytes, for the store's byte budget. */
  readonly weight: number;
}

export interface Eviction {
  readonly session: string | undefined;
  readonly spec: string;
  readonly resource: string;
  readonly scope: string;
  readonly id: string;
  /** Which limit made room: the session's object count, the byte budget, or the session count. */
  readonly reason: 'objects' | 'bytes' | 'sessions';
}

export interface StoreSnapshot {
  readonly global: Readonly<Record<string, string>>;
  readonly sessions: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly enabledRules: readonly string[];
  readonly objects: Readonly<Record<string, number>>;
}

/** The name the admin API uses for requests without `X-Mock-Session`. */
export const DEFAULT_SESSION = 'default';
