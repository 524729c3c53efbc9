import { MockgramError } from '../errors.ts';
import {
  DEFAULT_SESSION,
  DEFAULT_STORE_LIMITS,
  type ActiveChoice,
  type CollectionAddress,
  type Eviction,
  type MockStore,
  type ObjectAddress,
  type StoredObject,
  type StoreLimits,
} from './types.ts';

const ALL_OPERATIONS = '*';

/**
 * What the store keeps of an object: its address, its weight, and its value as JSON text. The text is a copy no
 * caller can change afterwards, it is about a quarter smaller than the value's objects, and it is one string for the
 * garbage collector to mark instead of a tree (a full collection of a store of 100,000 ToolzzAI integrations takes
 * less than half the time).
 */
interface Kept extends ObjectAddress {
  readonly text: string;
  readonly weight: number;
}

function keep(object: StoredObject): Kept {
  const { spec, resource, scope, id, weight } = object;
  return { spec, resource, scope, id, weight, text: JSON.stringify(object.value) };
}

function thaw(kept: Kept): StoredObject {
  const { spec, resource, scope, id, weight } = kept;
  return { spec, resource, scope, id, weight, value: JSON.parse(kept.text) as unknown };
}

/** One session's memory: its scenario choices, sequence positions and objects. */
class SessionMemory {
  readonly choices = new Map<string, string>();
  readonly sequences = new Map<string, number>();
  /** Collection key → id → object, each inner map in creation order. */
  readonly collections = new Map<string, Map<string, Kept>>();
  /** Every object, least recently used first (no key strings: the collections find an object by its address). */
  readonly recency = new Set<Kept>();
  weight = 0;

  isEmpty(): boolean {
    return this.choices.size === 0 && this.sequences.size === 0 && this.recency.size === 0;
  }
}

/**
 * The store kept in this process's memory, bounded: at most `maxSessions` sessions besides the default one,
 * `maxObjects` objects per session and about `maxBytes` of objects in all, the least recently used going first.
 */
export function createMemoryStore(
  limits: Partial<StoreLimits> = {},
  /** Opt-in rules enabled at start-up; `reset` comes back to them. */
  initialRules: readonly string[] = [],
): MockStore {
  const bounds: StoreLimits = { ...DEFAULT_STORE_LIMITS, ...limits };
  for (const [name, value] of Object.entries(bounds)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new MockgramError(
        'INVALID_OPTION',
        `store limit ${name} must be a whole number of 1 or more (got ${String(value)})`,
      );
  }
  let global = new Map<string, string>();
  let enabled = new Set(initialRules);
  /** Least recently used first; the default session is kept apart and never evicted. */
  let sessions = new Map<string, SessionMemory>();
  let defaultSession = new SessionMemory();
  let totalWeight = 0;

  const keyOf = (session: string | undefined): string => session ?? DEFAULT_SESSION;

  /** The session's memory, made most recently used; created when `create` is set. */
  function memory(session: string | undefined, create: true, evictions?: Eviction[]): SessionMemory;
  function memory(session: string | undefined, create: false): SessionMemory | undefined;
  function memory(
    session: string | undefined,
    create: boolean,
    evictions?: Eviction[],
  ): SessionMemory | undefined {
    const key = keyOf(session);
    if (key === DEFAULT_SESSION) return defaultSession;
    let found = sessions.get(key);
    if (found) {
      sessions.delete(key);
      sessions.set(key, found);
      return found;
    }
    if (!create) return undefined;
    found = new SessionMemory();
    sessions.set(key, found);
    while (sessions.size > bounds.maxSessions) {
      const [oldest, dropped] = sessions.entries().next().value as [string, SessionMemory];
      sessions.delete(oldest);
      totalWeight -= dropped.weight;
      for (const object of dropped.recency) evictions?.push(evictionOf(oldest, object, 'sessions'));
    }
    return found;
  }

  const collectionKey = (address: CollectionAddress): string =>
    `${address.spec}\u0000${address.resource}\u0000${address.scope}`;
  const find = (own: SessionMemory | undefined, address: ObjectAddress): Kept | undefined =>
    own?.collections.get(collectionKey(address))?.get(address.id);

  function drop(own: SessionMemory, object: Kept): void {
    const key = collectionKey(object);
    const collection = own.collections.get(key);
    collection?.delete(object.id);
    if (collection?.size === 0) own.collections.delete(key);
    own.recency.delete(object);
    own.weight -= object.weight;
    totalWeight -= object.weight;
  }

  function store(session: string | undefined, stored: StoredObject, evictions: Eviction[]): void {
    const object = keep(stored);
    const own = memory(session, true, evictions);
    const ckey = collectionKey(object);
    const collection = own.collections.get(ckey) ?? new Map<string, Kept>();
    own.collections.set(ckey, collection);
    const previous = collection.get(object.id);
    if (previous) {
      own.recency.delete(previous);
      own.weight -= previous.weight;
      totalWeight -= previous.weight;
    }
    collection.set(object.id, object);
    own.recency.add(object);
    own.weight += object.weight;
    totalWeight += object.weight;
    while (own.recency.size > bounds.maxObjects)
      evictOldest(own, keyOf(session), 'objects', evictions, object);
    while (totalWeight > bounds.maxBytes && evictForBytes(object, evictions));
  }

  /** Takes the oldest object of the least recently used session that has one (never `spare`, the one just stored). */
  function evictForBytes(spare: Kept, evictions: Eviction[]): boolean {
    for (const [name, own] of sessions) if (evictOldest(own, name, 'bytes', evictions, spare)) return true;
    return evictOldest(defaultSession, DEFAULT_SESSION, 'bytes', evictions, spare);
  }

  function evictOldest(
    own: SessionMemory,
    session: string,
    reason: Eviction['reason'],
    evictions: Eviction[],
    spare: Kept,
  ): boolean {
    for (const object of own.recency) {
      if (object === spare) continue;
      drop(own, object);
      evictions.push(evictionOf(session, object, reason));
      return true;
    }
    return false;
  }

  return {
    limits: bounds,
    setActive(scenario, { operation, session }) {
      if (session === undefined) global.set(operation ?? ALL_OPERATIONS, scenario);
      else memory(session, true).choices.set(operation ?? ALL_OPERATIONS, scenario);
      return done;
    },
    clearActive(session, operation) {
      const own = session === undefined ? defaultSession : memory(session, false);
      const choices = session === undefined ? global : own?.choices;
      if (operation === undefined) {
        choices?.clear();
        if (session === undefined) defaultSession.choices.clear();
        own?.sequences.clear();
      } else {
        choices?.delete(operation);
        for (const key of [...(own?.sequences.keys() ?? [])])
          if (key.startsWith(`${operation}|`)) own?.sequences.delete(key);
      }
      return done;
    },
    active(operationId, session) {
      const own = memory(session, false);
      return Promise.resolve(
        choiceFrom(own?.choices, operationId, 'session') ?? choiceFrom(global, operationId, 'global'),
      );
    },
    advance(session, sequence) {
      const own = memory(session, true);
      const position = own.sequences.get(sequence) ?? 0;
      own.sequences.delete(sequence);
      own.sequences.set(sequence, position + 1);
      if (own.sequences.size > bounds.maxSequences)
        own.sequences.delete(own.sequences.keys().next().value ?? '');
      return Promise.resolve(position);
    },
    position: (session, sequence) => Promise.resolve(memory(session, false)?.sequences.get(sequence) ?? 0),
    setRule(name, on) {
      if (on) enabled.add(name);
      else enabled.delete(name);
      return done;
    },
    enabledRules: () => Promise.resolve(enabled),

    getObject(session, address) {
      const own = memory(session, false);
      const found = find(own, address);
      if (own && found) {
        own.recency.delete(found);
        own.recency.add(found);
      }
      return Promise.resolve(found && thaw(found));
    },
    putObject(session, object) {
      const evictions: Eviction[] = [];
      store(session, object, evictions);
      return Promise.resolve(evictions);
    },
    removeObject(session, address) {
      const own = memory(session, false);
      const found = find(own, address);
      if (own && found) drop(own, found);
      return Promise.resolve(found !== undefined);
    },
    removeScope(session, collection) {
      const own = memory(session, false);
      if (!own) return Promise.resolve(0);
      const prefix = collectionKey(collection);
      let removed = 0;
      for (const [key, objects] of [...own.collections]) {
        if (key !== prefix && !key.startsWith(`${prefix}&`)) continue;
        for (const object of [...objects.values()]) {
          drop(own, object);
          removed++;
        }
      }
      return Promise.resolve(removed);
    },
    listObjects(session, spec, resource, scope) {
      const own = memory(session, false);
      if (!own) return Promise.resolve([]);
      if (scope !== undefined) {
        const objects = own.collections.get(collectionKey({ spec, resource, scope }));
        return Promise.resolve(objects ? [...objects.values()].map(thaw) : []);
      }
      const prefix = `${spec}\u0000${resource}\u0000`;
      const out: StoredObject[] = [];
      for (const [key, objects] of own.collections)
        if (key.startsWith(prefix)) for (const object of objects.values()) out.push(thaw(object));
      return Promise.resolve(out);
    },
    sessionObjects(session) {
      const own = memory(session, false);
      return Promise.resolve(
        own ? [...own.collections.values()].flatMap((objects) => [...objects.values()].map(thaw)) : [],
      );
    },
    replaceObjects(session, objects) {
      const own = memory(session, false);
      if (own) for (const object of [...own.recency]) drop(own, object);
      const evictions: Eviction[] = [];
      for (const object of objects) store(session, object, evictions);
      return Promise.resolve(evictions);
    },
    clearObjects(session) {
      const own = memory(session, false);
      if (own) for (const object of [...own.recency]) drop(own, object);
      if (own?.isEmpty() && session !== undefined) sessions.delete(session);
      return done;
    },
    snapshot() {
      const named = [...sessions, [DEFAULT_SESSION, defaultSession] as const].filter(
        ([, own]) => own.choices.size > 0,
      );
      const objects: Record<string, number> = {};
      if (defaultSession.recency.size > 0) objects[DEFAULT_SESSION] = defaultSession.recency.size;
      for (const [name, own] of sessions) if (own.recency.size > 0) objects[name] = own.recency.size;
      return Promise.resolve({
        global: Object.fromEntries(global),
        sessions: Object.fromEntries(named.map(([name, own]) => [name, Object.fromEntries(own.choices)])),
        enabledRules: [...enabled],
        objects,
      });
    },
    reset() {
      global = new Map();
      enabled = new Set(initialRules);
      sessions = new Map();
      defaultSession = new SessionMemory();
      totalWeight = 0;
      return done;
    },
  };
}

const done: Promise<void> = Promise.resolve();

function choiceFrom(
  choices: ReadonlyMap<string, string> | undefined,
  operationId: string,
  scope: ActiveChoice['scope'],
): ActiveChoice | undefined {
  if (!choices || choices.size === 0) return undefined;
  const own = choices.get(operationId);
  if (own !== undefined) return { scenario: own, scope, allOperations: false };
  const all = choices.get(ALL_OPERATIONS);
  return all === undefined ? undefined : { scenario: all, scope, allOperations: true };
}

function evictionOf(session: string, object: ObjectAddress, reason: Eviction['reason']): Eviction {
  return {
    session: session === DEFAULT_SESSION ? undefined : session,
    spec: object.spec,
    resource: object.resource,
    scope: object.scope,
    id: object.id,
    reason,
  };
}
