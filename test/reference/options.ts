import type { MutantName } from './mutants.ts';

/** What the reference backend knows about: accepted credentials and existing resources. */
export interface ReferenceOptions {
  /** Accepted `X-ORGANIZATION-SECRET` values (Sensay). */
  organizationSecrets: readonly string[];
  /** Known `X-USER-ID` values (Sensay); an unknown one is a 401. When omitted, any user id is accepted. */
  userIds?: readonly string[];
  /** Accepted `Authorization: Bearer` tokens (Toolzz). */
  toolzzTokens: readonly string[];
  /** Replica UUIDs that exist (Sensay); others are a 404. */
  replicas: readonly string[];
  /** Bot UUIDs that exist (Toolzz); others are a 404. */
  bots: readonly string[];
  /** Organizational unit UUIDs that exist (Toolzz); others are a 404. */
  units: readonly string[];
  /** SQLite database file; defaults to `:memory:`. */
  databasePath?: string;
  /** Break the contract in one known way. */
  mutant?: MutantName;
}

/** Options resolved once at start-up into lookup sets. */
export interface ReferenceConfig {
  readonly organizationSecrets: readonly string[];
  readonly userIds: ReadonlySet<string> | undefined;
  readonly toolzzTokens: readonly string[];
  readonly replicas: ReadonlySet<string>;
  readonly bots: ReadonlySet<string>;
  readonly units: ReadonlySet<string>;
  readonly mutant: MutantName | undefined;
}

function lowercaseSet(values: readonly string[]): ReadonlySet<string> {
  return new Set(values.map((value) => value.toLowerCase()));
}

export function resolveReferenceConfig(options: ReferenceOptions): ReferenceConfig {
  return {
    organizationSecrets: [...options.organizationSecrets],
    userIds: options.userIds === undefined ? undefined : new Set(options.userIds),
    toolzzTokens: [...options.toolzzTokens],
    replicas: lowercaseSet(options.replicas),
    bots: lowercaseSet(options.bots),
    units: lowercaseSet(options.units),
    mutant: options.mutant,
  };
}
