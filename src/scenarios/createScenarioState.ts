/** Which scenario the admin API set, per session or for the whole server, and where each sequence stands. */
export interface ScenarioState {
  setActive(scenario: string, scope: ActiveScope): void;
  /** Forgets the choices of a session or of the server: all of them, or only the one for `operation`. */
  clearActive(scope: ActiveScope): void;
  /** Session first, then the whole server; an operation-specific choice beats an all-operations one. */
  active(
    operationId: string,
    session: string | undefined,
  ): { scenario: string; scope: 'session' | 'global' } | undefined;
  /** Position in a sequence, advanced by one on each call. */
  advance(sequenceKey: string): number;
  /** Position in a sequence, without moving it. */
  position(sequenceKey: string): number;
  enableRule(name: string): void;
  disableRule(name: string): void;
  isRuleEnabled(name: string): boolean;
  snapshot(): {
    global: Record<string, string>;
    sessions: Record<string, Record<string, string>>;
    enabledRules: string[];
  };
  reset(): void;
}

export interface ActiveScope {
  readonly operation?: string | undefined;
  readonly session?: string | undefined;
}

const ALL_OPERATIONS = '*';

/** State kept in memory, bounded: the least recently used sessions and sequences are forgotten first. */
export function createScenarioState(
  /** Opt-in rules enabled at start-up; `reset` comes back to them. */
  initialRules: readonly string[] = [],
  limits: { maxSessions: number; maxSequences: number } = { maxSessions: 1000, maxSequences: 10_000 },
): ScenarioState {
  let global = new Map<string, string>();
  let sessions = new Map<string, Map<string, string>>();
  let sequences = new Map<string, number>();
  let enabledRules = new Set<string>(initialRules);

  const touch = <K, V>(map: Map<K, V>, key: K, value: V, max: number): void => {
    map.delete(key);
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value as K);
  };

  return {
    setActive(scenario, { operation, session }) {
      if (session === undefined) global.set(operation ?? ALL_OPERATIONS, scenario);
      else {
        const own = sessions.get(session) ?? new Map<string, string>();
        own.set(operation ?? ALL_OPERATIONS, scenario);
        touch(sessions, session, own, limits.maxSessions);
      }
    },
    clearActive({ session, operation }) {
      if (operation !== undefined)
        (session === undefined ? global : sessions.get(session))?.delete(operation);
      else if (session === undefined) global = new Map();
      else sessions.delete(session);
      const prefix = `${session ?? ''}|${operation === undefined ? '' : `${operation}|`}`;
      for (const key of [...sequences.keys()]) if (key.startsWith(prefix)) sequences.delete(key);
    },
    active(operationId, session) {
      const own = session === undefined ? undefined : sessions.get(session);
      const fromSession = own?.get(operationId) ?? own?.get(ALL_OPERATIONS);
      if (fromSession !== undefined) return { scenario: fromSession, scope: 'session' };
      const fromGlobal = global.get(operationId) ?? global.get(ALL_OPERATIONS);
      return fromGlobal === undefined ? undefined : { scenario: fromGlobal, scope: 'global' };
    },
    advance(sequenceKey) {
      const position = sequences.get(sequenceKey) ?? 0;
      touch(sequences, sequenceKey, position + 1, limits.maxSequences);
      return position;
    },
    position: (sequenceKey) => sequences.get(sequenceKey) ?? 0,
    enableRule: (name) => enabledRules.add(name),
    disableRule: (name) => enabledRules.delete(name),
    isRuleEnabled: (name) => enabledRules.has(name),
    snapshot: () => ({
      global: Object.fromEntries(global),
      sessions: Object.fromEntries([...sessions].map(([id, own]) => [id, Object.fromEntries(own)])),
      enabledRules: [...enabledRules],
    }),
    reset() {
      global = new Map();
      sessions = new Map();
      sequences = new Map();
      enabledRules = new Set(initialRules);
    },
  };
}
