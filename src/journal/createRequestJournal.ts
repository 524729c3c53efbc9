import { MockgramError } from '../errors.ts';
import {
  redactExchange,
  TRUNCATED_MARK,
  type ExchangeDetail,
  type RequestHeaders,
} from './redactExchange.ts';

export type { ExchangeDetail } from './redactExchange.ts';

export interface JournalEntry {
  readonly id: number;
  /** Epoch milliseconds (the admin API writes it as ISO 8601). */
  readonly time: number;
  readonly method: string;
  /** Path and query, secrets redacted. */
  readonly path: string;
  /** 0 when no answer was sent (a `reset` or `timeout` fault). */
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

/**
 * What the exchange looked like on the wire, kept by reference (nothing is copied or redacted when a request is
 * recorded) and redacted when an entry is read with `get`. Bodies longer than `JOURNAL_BODY_LIMIT` characters are
 * cut when recorded, so the journal's memory stays bounded.
 */
export interface ExchangeRecord {
  readonly requestHeaders?: RequestHeaders | undefined;
  readonly requestBody?: string | undefined;
  /** Undefined when no answer was sent. */
  readonly responseHeaders?: Readonly<Record<string, string | number | readonly string[]>> | undefined;
  readonly responseBody?: string | undefined;
}

export type JournalRecord = Omit<JournalEntry, 'id' | 'time'> & ExchangeRecord;

/** One request with its exchange in full, secrets redacted. */
export interface JournalDetail extends JournalEntry {
  readonly exchange: ExchangeDetail;
}

/** Narrows `list`; every given field must match. */
export interface JournalFilter {
  /** Only entries recorded after this id (for polling: pass the newest id seen). */
  readonly since?: number | undefined;
  readonly session?: string | undefined;
  readonly operation?: string | undefined;
  /** An exact status (`404`) or a class (`'4xx'`). */
  readonly status?: number | StatusClass | undefined;
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export type JournalEvent =
  { readonly kind: 'recorded'; readonly entry: JournalEntry } | { readonly kind: 'cleared' };

/**
 * Called synchronously on the request's path: it must return quickly and must not throw (queue the entry and do
 * the work later).
 */
export type JournalListener = (event: JournalEvent) => void;

export interface RequestJournal {
  record(entry: JournalRecord): void;
  /** Newest first. */
  list(limit?: number, filter?: JournalFilter): JournalEntry[];
  /** The entry with its exchange, secrets redacted; undefined once it has left the ring. */
  get(id: number): JournalDetail | undefined;
  clear(): void;
  /** Every `record` and `clear` from now on; returns the function that unsubscribes. */
  subscribe(listener: JournalListener): () => void;
  readonly capacity: number;
}

/** Longest request or response body kept per entry, in UTF-16 code units; the rest is cut. */
export const JOURNAL_BODY_LIMIT = 16 * 1024;

/** The recent requests in a fixed-size ring: memory stays flat however long the mock runs. */
export function createRequestJournal(capacity = 500): RequestJournal {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new MockgramError(
      'INVALID_OPTION',
      `journalSize must be a whole number of requests, 0 or more (got ${String(capacity)})`,
    );
  }
  const ring: (JournalEntry | undefined)[] = new Array<JournalEntry | undefined>(capacity);
  // The exchange parts live beside the ring, so recording allocates no object for them.
  const requestHeaders: (RequestHeaders | undefined)[] = new Array<undefined>(capacity);
  const requestBodies: (string | undefined)[] = new Array<undefined>(capacity);
  const responseHeaders: ExchangeRecord['responseHeaders'][] = new Array<undefined>(capacity);
  const responseBodies: (string | undefined)[] = new Array<undefined>(capacity);
  const listeners = new Set<JournalListener>();
  let next = 0;
  let count = 0;
  let id = 0;

  const slotOf = (wanted: number): number | undefined => {
    const age = id - wanted;
    if (!Number.isSafeInteger(wanted) || age < 0 || age >= count) return undefined;
    return (next - 1 - age + capacity) % capacity;
  };

  return {
    capacity,
    record(entry) {
      if (capacity === 0) return;
      const stored: JournalEntry = {
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
      ring[next] = stored;
      requestHeaders[next] = entry.requestHeaders;
      requestBodies[next] = bounded(entry.requestBody);
      responseHeaders[next] = entry.responseHeaders;
      responseBodies[next] = bounded(entry.responseBody);
      next = (next + 1) % capacity;
      count = Math.min(count + 1, capacity);
      if (listeners.size > 0) notify(listeners, { kind: 'recorded', entry: stored });
    },
    list(limit = capacity, filter) {
      const out: JournalEntry[] = [];
      for (let i = 1; i <= count && out.length < limit; i++) {
        const entry = ring[(next - i + capacity) % capacity];
        if (!entry || (filter?.since !== undefined && entry.id <= filter.since)) break;
        if (!filter || matches(entry, filter)) out.push(entry);
      }
      return out;
    },
    get(wanted) {
      const slot = slotOf(wanted);
      const entry = slot === undefined ? undefined : ring[slot];
      if (slot === undefined || !entry) return undefined;
      return {
        ...entry,
        exchange: redactExchange({
          requestHeaders: requestHeaders[slot],
          requestBody: requestBodies[slot],
          responseHeaders: responseHeaders[slot],
          responseBody: responseBodies[slot],
        }),
      };
    },
    clear() {
      for (const column of [ring, requestHeaders, requestBodies, responseHeaders, responseBodies])
        column.fill(undefined);
      next = 0;
      count = 0;
      if (listeners.size > 0) notify(listeners, CLEARED);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

const CLEARED: JournalEvent = Object.freeze({ kind: 'cleared' });

function notify(listeners: ReadonlySet<JournalListener>, event: JournalEvent): void {
  for (const listener of listeners) listener(event);
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  if (filter.session !== undefined && entry.session !== filter.session) return false;
  if (filter.operation !== undefined && entry.operation !== filter.operation) return false;
  const { status } = filter;
  if (typeof status === 'number') return entry.status === status;
  return status === undefined || Math.floor(entry.status / 100) === Number(status[0]);
}

/**
 * A body cut to the limit. The cut is encoded and decoded again so it is a string of its own: a plain slice would
 * keep the (up to `--body-limit`) original alive behind it.
 */
function bounded(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= JOURNAL_BODY_LIMIT) return text;
  return UTF8_DECODER.decode(UTF8_ENCODER.encode(text.slice(0, JOURNAL_BODY_LIMIT))) + TRUNCATED_MARK;
}

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder();
