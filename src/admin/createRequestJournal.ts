import { MockgramError } from '../errors.ts';

export interface JournalEntry {
  readonly id: number;
  /** Epoch milliseconds (the admin API writes it as ISO 8601). */
  readonly time: number;
  readonly method: string;
  /** Path and query, secrets redacted. */
  readonly path: string;
  readonly status: number;
  readonly operation: string | undefined;
  readonly scenario: string;
  readonly session: string | undefined;
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly durationMs: number;
  /** What the request did to stored objects, when it addressed a resource. */
  readonly state?: string | undefined;
  /** Objects evicted to make room for this request's (`spec/resource id`, with why). */
  readonly evicted?: readonly string[] | undefined;
}

export interface RequestJournal {
  record(entry: Omit<JournalEntry, 'id' | 'time'>): void;
  /** Newest first. */
  list(limit?: number): JournalEntry[];
  clear(): void;
  readonly capacity: number;
}

/** The recent requests in a fixed-size ring: memory stays flat however long the mock runs. */
export function createRequestJournal(capacity = 500): RequestJournal {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new MockgramError(
      'INVALID_OPTION',
      `journalSize must be a whole number of requests, 0 or more (got ${String(capacity)})`,
    );
  }
  const ring: (JournalEntry | undefined)[] = new Array<JournalEntry | undefined>(capacity);
  let next = 0;
  let count = 0;
  let id = 0;
  return {
    capacity,
    record(entry) {
      if (capacity === 0) return;
      ring[next] = {
        id: ++id,
        time: Date.now(),
        method: entry.method,
        path: entry.path,
        status: entry.status,
        operation: entry.operation,
        scenario: entry.scenario,
        session: entry.session,
        valid: entry.valid,
        problems: entry.problems,
        durationMs: entry.durationMs,
        state: entry.state,
        evicted: entry.evicted,
      };
      next = (next + 1) % capacity;
      count = Math.min(count + 1, capacity);
    },
    list(limit = capacity) {
      const out: JournalEntry[] = [];
      for (let i = 1; i <= Math.min(count, limit); i++) {
        const entry = ring[(next - i + capacity) % capacity];
        if (entry) out.push(entry);
      }
      return out;
    },
    clear() {
      ring.fill(undefined);
      next = 0;
      count = 0;
    },
  };
}
