import { findResponse } from '../mock/findResponse.ts';
import type { ScenarioCatalog } from '../scenarios/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { DEFAULT_SESSION } from '../store/types.ts';

/** One answered request, as coverage counts it. */
export interface CoveredExchange {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly status: number;
  readonly operation: OperationSpec | undefined;
  readonly session: string | undefined;
  /** Names of the scenarios that answered (a sequence and its step both count). */
  readonly scenarios: readonly string[];
  /** Why the mock refused the request itself (no route, failed validation); `undefined` when it did not. */
  readonly refusal: string | undefined;
}

export interface OperationCoverage {
  readonly operationId: string;
  readonly spec: string;
  readonly method: string;
  readonly path: string;
  readonly hits: number;
  /** Every documented status (`200`, `4XX`, `default`) with its hits, 0 where unused. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Every scenario of the operation with its hits, 0 where unused. */
  readonly scenarios: Readonly<Record<string, number>>;
}

export interface UnmatchedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly reason: string;
  readonly hits: number;
}

export interface CoverageTotals {
  readonly covered: number;
  readonly total: number;
}

export interface CoverageReport {
  /** The session asked for, or `undefined` for every session together. */
  readonly session: string | undefined;
  readonly requests: number;
  readonly operations: readonly OperationCoverage[];
  readonly unmatched: readonly UnmatchedRequest[];
  readonly totals: {
    readonly operations: CoverageTotals;
    readonly statuses: CoverageTotals;
    readonly scenarios: CoverageTotals;
  };
}

export interface Coverage {
  record(exchange: CoveredExchange): void;
  /** Per session (`default` names requests without one), or overall when `session` is undefined. */
  report(specs: readonly SpecIndex[], catalog: ScenarioCatalog, session?: string): CoverageReport;
  /** Forgets one session's counts, or everything. */
  clear(session?: string): void;
}

/** Distinct unmatched requests kept per tally; more are counted under one "and others" entry. */
const MAX_UNMATCHED = 200;

/** Counts of one tally (overall, or one session). */
class Tally {
  requests = 0;
  /** operation → documented status → hits */
  readonly statuses = new Map<OperationSpec, Map<string, number>>();
  /** operation → scenario → hits */
  readonly scenarios = new Map<OperationSpec, Map<string, number>>();
  readonly hits = new Map<OperationSpec, number>();
  readonly unmatched = new Map<string, UnmatchedRequest>();

  record(exchange: CoveredExchange): void {
    this.requests++;
    const { operation } = exchange;
    if (exchange.refusal !== undefined) {
      this.#unmatched(exchange, exchange.refusal);
      return;
    }
    if (!operation) return;
    this.hits.set(operation, (this.hits.get(operation) ?? 0) + 1);
    const documented = findResponse(operation.responses, exchange.status)?.status ?? String(exchange.status);
    bump(this.statuses, operation, documented);
    for (const name of exchange.scenarios) bump(this.scenarios, operation, name);
  }

  #unmatched(exchange: CoveredExchange, reason: string): void {
    let key = `${exchange.method} ${exchange.path} ${String(exchange.status)} ${reason}`;
    let entry = this.unmatched.get(key);
    if (!entry && this.unmatched.size >= MAX_UNMATCHED) {
      key = 'others';
      entry = this.unmatched.get(key) ?? {
        method: '*',
        path: '*',
        status: 0,
        reason: `more than ${String(MAX_UNMATCHED)} distinct unmatched requests`,
        hits: 0,
      };
    }
    const base = entry ?? { method: exchange.method, path: exchange.path, status: exchange.status, reason, hits: 0 };
    this.unmatched.set(key, { ...base, hits: base.hits + 1 });
  }
}

function bump(map: Map<OperationSpec, Map<string, number>>, operation: OperationSpec, key: string): void {
  const own = map.get(operation) ?? new Map<string, number>();
  own.set(key, (own.get(key) ?? 0) + 1);
  map.set(operation, own);
}

/**
 * What tests exercised, counted from every answered request (not from the journal's ring, which forgets): per
 * operation its hits, documented statuses and scenarios, and the requests the mock refused itself. Kept overall and
 * per session, at most `maxSessions` sessions (the least recently used forgotten first).
 */
export function createCoverage(maxSessions = 1000): Coverage {
  let overall = new Tally();
  let sessions = new Map<string, Tally>();
  return {
    record(exchange) {
      overall.record(exchange);
      const key = exchange.session ?? DEFAULT_SESSION;
      const own = sessions.get(key) ?? new Tally();
      sessions.delete(key);
      sessions.set(key, own);
      if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value ?? '');
      own.record(exchange);
    },
    report(specs, catalog, session) {
      const tally = session === undefined ? overall : (sessions.get(session) ?? new Tally());
      return reportOf(tally, specs, catalog, session);
    },
    clear(session) {
      if (session === undefined) {
        overall = new Tally();
        sessions = new Map();
      } else sessions.delete(session);
    },
  };
}

function reportOf(
  tally: Tally,
  specs: readonly SpecIndex[],
  catalog: ScenarioCatalog,
  session: string | undefined,
): CoverageReport {
  const operations: OperationCoverage[] = [];
  const totals = { operations: count(), statuses: count(), scenarios: count() };
  for (const spec of specs) {
    for (const operation of spec.operations) {
      const hits = tally.hits.get(operation) ?? 0;
      const statusHits = tally.statuses.get(operation);
      const scenarioHits = tally.scenarios.get(operation);
      const statuses = Object.fromEntries(operation.responses.map((r) => [r.status, statusHits?.get(r.status) ?? 0]));
      const names = [...(catalog.operations.get(operation)?.scenarios.keys() ?? [])];
      const scenarios = Object.fromEntries(names.map((name) => [name, scenarioHits?.get(name) ?? 0]));
      tick(totals.operations, hits > 0);
      for (const used of Object.values(statuses)) tick(totals.statuses, used > 0);
      for (const used of Object.values(scenarios)) tick(totals.scenarios, used > 0);
      operations.push({
        operationId: operation.id,
        spec: spec.name,
        method: operation.method.toUpperCase(),
        path: operation.routePath,
        hits,
        statuses,
        scenarios,
      });
    }
  }
  return { session, requests: tally.requests, operations, unmatched: [...tally.unmatched.values()], totals };
}

function count(): { covered: number; total: number } {
  return { covered: 0, total: 0 };
}

function tick(totals: { covered: number; total: number }, covered: boolean): void {
  totals.total++;
  if (covered) totals.covered++;
}
