import { afterEach, describe, expect, it } from 'vitest';
import { runContract, type ContractReport } from '../../src/contract/runContract.ts';
import type { CheckId } from '../../src/contract/types.ts';
import {
  MUTANT_CAUGHT_BY,
  MUTANTS,
  type ContractCheckKind,
  type MutantName,
  type ReferenceServer,
} from '../reference/index.ts';
import {
  failedCheckIds,
  failedChecks,
  ORGANIZATION_SECRET,
  SENSAY,
  TOOLZZ,
  USER_ID,
  type SpecRun,
  startReference,
} from './targets.ts';

let server: ReferenceServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runOnReference(
  run: SpecRun,
  mutant?: MutantName,
  extra: Partial<SpecRun> = {},
): Promise<ContractReport> {
  server = await startReference({ mutant, userIds: [USER_ID] });
  return runContract({
    spec: run.spec,
    target: `${server.url}${run.basePath}`,
    headers: extra.headers ?? run.headers,
    params: extra.params ?? run.params,
    seed: 5,
  });
}

describe('contract runner against the reference implementation', () => {
  it.each([
    ['sensay', SENSAY],
    ['toolzz', TOOLZZ],
  ] as const)('%s: every check holds', async (_name, run) => {
    const report = await runOnReference(run);
    expect(failedChecks(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.cases.filter((c) => c.case.kind === 'positive').map((c) => c.response?.status)).toSatisfy(
      (statuses: (number | undefined)[]) => statuses.length > 0 && statuses.every((s) => s === 200),
    );
  });

  it('acting as a user: the wrong-credentials case replaces both the secret and the user id', async () => {
    const report = await runOnReference(SENSAY, undefined, {
      headers: [...SENSAY.headers, ['X-USER-ID', USER_ID]],
    });
    expect(failedChecks(report)).toEqual([]);
    const wrong = report.cases.find((c) => c.case.name === 'credentials-wrong');
    const sent = new Map(wrong?.case.request.headers.map(([name, value]) => [name.toLowerCase(), value]));
    expect(sent.get('x-organization-secret')).not.toBe(ORGANIZATION_SECRET);
    expect(sent.get('x-user-id')).not.toBe(USER_ID);
    expect(wrong?.response?.status).toBe(401);
  });
});

describe('optional header parameters given with --param', () => {
  it('sends them on every valid request, matching the header name without regard to case', async () => {
    const report = await runOnReference(SENSAY, undefined, {
      params: { ...SENSAY.params, 'X-API-Version': '2025-04-01' },
    });
    expect(failedChecks(report)).toEqual([]);
    const positive = report.cases.find((c) => c.case.kind === 'positive');
    expect(positive?.case.request.headers).toContainEqual(['x-api-version', '2025-04-01']);
    expect(positive?.response?.headers['x-api-version']).toBe('2025-04-01');
  });
});

/** The runner's checks that implement each kind of contract check the reference's mutants are labelled with. */
const CHECKS_OF_KIND: Readonly<Record<ContractCheckKind, readonly CheckId[]>> = {
  'status-code': ['status-expected', 'status-documented'],
  'response-body-schema': ['response-body-schema'],
  'content-type': ['content-type'],
  'no-5xx': ['no-5xx'],
  'read-after-create': ['read-after-create'],
  'update-then-read': ['update-then-read'],
  'list-after-create': ['list-after-create'],
  'delete-twice': ['delete-twice'],
  'unknown-id': ['unknown-id'],
};

interface MutantRow {
  readonly mutant: (typeof MUTANTS)[number];
  /** Exactly the checks that fail. */
  readonly checks: readonly CheckId[];
  /** `<case> <check>` failures that must be among them: the case that catches the mutant. */
  readonly caught: readonly string[];
}

const MUTANT_TABLE: readonly MutantRow[] = [
  {
    mutant: 'sensay-id-as-string',
    checks: ['response-body-schema'],
    caught: ['generated response-body-schema'],
  },
  {
    mutant: 'sensay-missing-success',
    checks: ['response-body-schema'],
    caught: ['example:default response-body-schema'],
  },
  {
    mutant: 'sensay-403-for-bad-credentials',
    checks: ['status-documented', 'status-expected'],
    caught: ['credentials-wrong status-expected', 'credentials-wrong status-documented'],
  },
  {
    mutant: 'sensay-accepts-missing-mention',
    checks: ['status-expected'],
    caught: ['body-missing:/mention status-expected'],
  },
  {
    mutant: 'sensay-accepts-extra-properties',
    checks: ['status-expected'],
    caught: ['body-additional-property:/ status-expected'],
  },
  {
    mutant: 'sensay-accepts-text-plain',
    checks: ['status-expected'],
    caught: ['content-type-wrong status-expected', 'content-type-missing status-expected'],
  },
  {
    mutant: 'sensay-accepts-invalid-replica-uuid',
    checks: ['status-expected'],
    caught: ['path-format:replicaUUID status-expected'],
  },
  {
    mutant: 'sensay-error-without-request-id',
    checks: ['response-body-schema'],
    caught: ['credentials-missing response-body-schema', 'body-missing:/mention response-body-schema'],
  },
  {
    mutant: 'sensay-html-error-pages',
    checks: ['content-type'],
    caught: ['credentials-missing content-type'],
  },
  {
    mutant: 'sensay-500-on-malformed-json',
    checks: ['no-5xx', 'status-expected'],
    caught: ['body-malformed-json no-5xx'],
  },
  {
    mutant: 'sensay-ignores-credentials',
    checks: ['status-expected'],
    caught: ['credentials-missing status-expected', 'credentials-wrong status-expected'],
  },
  {
    mutant: 'toolzz-missing-isTokenMasked',
    checks: ['response-body-schema'],
    caught: ['example:default response-body-schema', 'generated response-body-schema'],
  },
  {
    // Every answer says scope "group", so a read after an update does not show the scope it sent either.
    mutant: 'toolzz-scope-not-in-enum',
    checks: ['response-body-schema', 'update-then-read'],
    caught: ['example:default response-body-schema'],
  },
  {
    mutant: 'toolzz-timestamps-as-epoch-numbers',
    checks: ['response-body-schema'],
    caught: ['generated response-body-schema'],
  },
  {
    // No body, so no id: the list after the create then shows an integration the runner was never told about.
    mutant: 'toolzz-204-on-create',
    checks: ['list-after-create', 'response-body-schema'],
    caught: ['generated response-body-schema', 'example:default response-body-schema'],
  },
  {
    mutant: 'toolzz-accepts-invalid-scope',
    checks: ['status-expected'],
    caught: ['body-enum:/scope status-expected'],
  },
  {
    mutant: 'toolzz-accepts-missing-bearer',
    checks: ['status-expected'],
    caught: ['credentials-missing status-expected'],
  },
  {
    mutant: 'toolzz-401-as-200-error-body',
    checks: ['response-body-schema', 'status-expected'],
    caught: ['credentials-missing status-expected', 'credentials-wrong response-body-schema'],
  },
  {
    mutant: 'toolzz-accepts-text-plain',
    checks: ['status-expected'],
    caught: ['content-type-wrong status-expected', 'content-type-missing status-expected'],
  },
  {
    // The id it hands out is not a valid integrationId, so reading the integration back by it is refused (400).
    mutant: 'toolzz-id-not-uuid',
    checks: ['read-after-create', 'response-body-schema', 'status-expected'],
    caught: ['generated response-body-schema', 'example:default response-body-schema'],
  },
  {
    mutant: 'toolzz-500-on-array-body',
    checks: ['no-5xx', 'status-expected'],
    caught: ['body-type:/ no-5xx'],
  },
  {
    mutant: 'sensay-delete-keeps-integration',
    checks: ['delete-twice'],
    caught: ['state:delete-again delete-twice'],
  },
  {
    mutant: 'sensay-second-delete-200',
    checks: ['delete-twice'],
    caught: ['state:delete-again delete-twice'],
  },
  {
    mutant: 'toolzz-read-differs-from-create',
    checks: ['read-after-create'],
    caught: ['state:read-after-create read-after-create'],
  },
  {
    mutant: 'toolzz-update-not-persisted',
    checks: ['update-then-read'],
    caught: ['state:read-after-replace update-then-read'],
  },
  {
    mutant: 'toolzz-unknown-id-200',
    checks: ['unknown-id'],
    caught: ['state:unknown-id unknown-id'],
  },
  {
    mutant: 'toolzz-list-misses-newest',
    checks: ['list-after-create'],
    caught: ['state:list-after-create list-after-create'],
  },
];

describe('every mutant of the reference makes the run fail, caught by the right check', () => {
  it('the table covers every mutant the reference defines', () => {
    expect(MUTANT_TABLE.map((row) => row.mutant).sort()).toEqual([...MUTANTS].sort());
  });

  it.each(MUTANT_TABLE)('$mutant is caught by $checks', async ({ mutant, checks, caught }) => {
    const report = await runOnReference(mutant.startsWith('sensay') ? SENSAY : TOOLZZ, mutant);
    expect(report.passed).toBe(false);
    expect(failedCheckIds(report)).toEqual([...checks].sort());
    expect(failedChecks(report)).toEqual(expect.arrayContaining([...caught]));
    const expectedKind = CHECKS_OF_KIND[MUTANT_CAUGHT_BY[mutant]];
    expect(checks.some((check) => expectedKind.includes(check))).toBe(true);
  });
});
