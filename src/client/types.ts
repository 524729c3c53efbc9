import type { ResourceState } from '../state/stateSnapshot.ts';
import type { StoreLimits } from '../store/types.ts';

/** The scenario choices and enabled rules, as every scenario call of the admin API answers them. */
export interface ActiveChoices {
  /** operationId (or `*` for every operation) → scenario, for the whole server. */
  readonly global: Readonly<Record<string, string>>;
  /** session → operationId (or `*`) → scenario. */
  readonly sessions: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly enabledRules: readonly string[];
}

/** What `use()` answers: the operations the choice applies to, and every choice now in force. */
export interface UseResult {
  readonly appliedTo: readonly string[];
  readonly active: ActiveChoices;
}

export interface CatalogScenario {
  readonly name: string;
  /** `null` for a sequence or a fault, which has no status of its own. */
  readonly status: number | null;
  readonly description: string;
  readonly steps?: readonly string[];
  readonly fault?: string;
  readonly delay?: number | { readonly min: number; readonly max: number };
}

export interface CatalogRule {
  readonly name: string | null;
  readonly scenario: string;
  readonly description: string;
  readonly optIn: boolean;
  readonly enabled: boolean;
}

/** `GET /__mock/scenarios`: every API and operation with its scenarios and rules, and what is active. */
export interface ScenarioCatalogView {
  readonly apis: readonly {
    readonly spec: string;
    readonly title: string;
    readonly basePath: string;
    readonly operations: readonly {
      readonly operationId: string;
      readonly method: string;
      readonly path: string;
      readonly scenarios: readonly CatalogScenario[];
      readonly rules: readonly CatalogRule[];
    }[];
  }[];
  readonly active: ActiveChoices;
}

/** One request from the mock's journal (`GET /__mock/requests`), secrets redacted. */
export interface RequestRecord {
  readonly id: number;
  /** ISO 8601. */
  readonly time: string;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly status: number;
  readonly operation?: string;
  readonly scenario: string;
  /** Absent for requests without `X-Mock-Session`. */
  readonly session?: string;
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly durationMs: number;
  readonly state?: string;
  readonly evicted?: readonly string[];
}

/** `GET /__mock/state`: a session's stored objects by resource and scope. */
export interface StateView {
  readonly session: string;
  readonly stateless: boolean;
  readonly limits: StoreLimits;
  readonly resources: readonly ResourceState[];
}

/** What `PUT /__mock/state` takes: the shape `GET` answers (`spec` and `scope` may be left out where unambiguous). */
export interface StateSeed {
  readonly resources: readonly {
    readonly spec?: string;
    readonly name: string;
    readonly scope?: Readonly<Record<string, string>>;
    readonly objects: readonly unknown[];
  }[];
}

/** What seeding answers: how many objects were stored, how many evicted to make room, and the state now. */
export interface SeedResult {
  readonly session: string;
  readonly stored: number;
  readonly evicted: number;
  readonly resources: readonly ResourceState[];
}

export interface HealthView {
  readonly status: 'ok';
  readonly uptimeMs: number;
  readonly specs: readonly { readonly name: string; readonly title: string; readonly basePath: string }[];
}
