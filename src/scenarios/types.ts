import type { ValidateFunction } from 'ajv';
import type { ResourceDeclaration } from '../resources/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';

export const FAULTS = ['reset', 'timeout', 'malformed'] as const;
export type Fault = (typeof FAULTS)[number];

export type Delay = number | { readonly min: number; readonly max: number };

/** How to turn a valid request into the one that provokes a scenario on a real implementation. */
export interface Provoke {
  readonly omitCredentials?: boolean;
  readonly wrongCredentials?: boolean;
  readonly contentType?: string;
  readonly removeProperties?: readonly string[];
  readonly setProperties?: Readonly<Record<string, unknown>>;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly rawBody?: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly status?: number;
  readonly example?: string | undefined;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** `body` and `headers` are the whole answer, as recorded: no generated data, templates or state. */
  readonly verbatim?: boolean;
  readonly delay?: Delay;
  readonly fault?: Fault;
  readonly steps?: readonly string[];
  readonly provoke?: Provoke;
}

export interface ScenarioRule {
  readonly name: string | undefined;
  readonly description: string;
  readonly scenario: string;
  readonly optIn: boolean;
  readonly matches: ValidateFunction;
}

export interface OperationScenarios {
  readonly spec: SpecIndex;
  readonly operation: OperationSpec;
  readonly scenarios: ReadonlyMap<string, Scenario>;
  readonly rules: readonly ScenarioRule[];
}

export interface ScenarioCatalog {
  /** The files in use. */
  readonly files: readonly string[];
  /** Files left out because they are written for a spec that is not loaded (only when asked to skip those). */
  readonly skipped: readonly { readonly file: string; readonly spec: string }[];
  readonly operations: ReadonlyMap<OperationSpec, OperationScenarios>;
  /** Accepted credential values per spec name and security scheme, read from the files (and the environment). */
  readonly credentials: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Resources declared per spec name, for shapes inference cannot see. */
  readonly resources: ReadonlyMap<string, readonly ResourceDeclaration[]>;
}
