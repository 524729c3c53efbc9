import { resolve } from 'node:path';
import type { ContractReport } from '../../src/contract/runContract.ts';
import { outcomeState, type HeaderLine, type OutcomeState } from '../../src/contract/types.ts';
import { startReferenceServer, type MutantName, type ReferenceServer } from '../reference/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export const ORGANIZATION_SECRET = 'contract-org-secret';
export const USER_ID = 'contract-user';
export const TOOLZZ_TOKEN = 'contract-toolzz-token';
export const LIBRARY_KEY = 'contract-library-key';
export const REPLICA = '0b6f4a8e-3c2d-4e1f-9a7b-5d6c8e9f0a1b';
export const BOT = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
export const UNIT = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

/** How to call one spec's API on a target that serves every spec under its own server URL path. */
export interface SpecRun {
  readonly spec: string;
  /** The path of the spec's server URL, which the target must include. */
  readonly basePath: string;
  readonly headers: readonly HeaderLine[];
  readonly params: Readonly<Record<string, string>>;
}

export const SENSAY: SpecRun = {
  spec: resolve(ROOT, 'specs/sensay.yaml'),
  basePath: '',
  headers: [['X-ORGANIZATION-SECRET', ORGANIZATION_SECRET]],
  params: { replicaUUID: REPLICA },
};

export const TOOLZZ: SpecRun = {
  spec: resolve(ROOT, 'specs/toolzz.yaml'),
  basePath: '/api',
  headers: [['Authorization', `Bearer ${TOOLZZ_TOKEN}`]],
  params: { botId: BOT, unitId: UNIT },
};

export const LIBRARY: SpecRun = {
  spec: resolve(ROOT, 'test/fixtures/library-3.0.yaml'),
  basePath: '/library',
  headers: [['X-Library-Key', LIBRARY_KEY]],
  params: {},
};

/** Accepted credentials for the in-process mock, so that wrong ones get 401. */
export const MOCK_CREDENTIALS = {
  sensay: { organizationSecret: [ORGANIZATION_SECRET], userId: [USER_ID] },
  toolzz: { bearerAuth: [TOOLZZ_TOKEN] },
  'library-3.0': { libraryKey: [LIBRARY_KEY] },
} as const;

/** The outcomes of a run in one state, as `<case name> <check>`, sorted. */
function checksIn(report: ContractReport, state: OutcomeState): string[] {
  return report.cases
    .flatMap((result) =>
      result.outcomes
        .filter((o) => outcomeState(o, report.strictAssumptions) === state)
        .map((o) => `${result.case.name} ${o.check}`),
    )
    .sort();
}

/** Every broken rule of a run as `<case name> <check>`, sorted: what the tests assert on (warnings excluded). */
export function failedChecks(report: ContractReport): string[] {
  return checksIn(report, 'failed');
}

/** Every check that failed on an assumption only, reported as a warning. */
export function warnedChecks(report: ContractReport): string[] {
  return checksIn(report, 'warned');
}

/** The ids of the checks that failed anywhere in a run. */
export function failedCheckIds(report: ContractReport): string[] {
  return [...new Set(failedChecks(report).map((entry) => entry.slice(entry.lastIndexOf(' ') + 1)))].sort();
}

/**
 * The reference implementation, knowing exactly the credentials and resources above (and, with `userIds`, which
 * X-USER-ID values exist); with `mutant`, broken in that one way.
 */
export function startReference(
  options: { mutant?: MutantName | undefined; userIds?: readonly string[] } = {},
): Promise<ReferenceServer> {
  return startReferenceServer({
    organizationSecrets: [ORGANIZATION_SECRET],
    toolzzTokens: [TOOLZZ_TOKEN],
    replicas: [REPLICA],
    bots: [BOT],
    units: [UNIT],
    ...(options.userIds === undefined ? {} : { userIds: options.userIds }),
    ...(options.mutant === undefined ? {} : { mutant: options.mutant }),
  });
}
