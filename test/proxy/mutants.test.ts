import { afterEach, describe, expect, it } from 'vitest';
import type { DriftReport, DriftViolation } from '../../src/proxy/driftTypes.ts';
import { ASSUMPTION_VARIANTS, MUTANTS, type MutantName } from '../reference/index.ts';
import {
  call,
  SENSAY_BODY,
  SENSAY_HEADERS,
  SENSAY_PATH,
  startProxyRun,
  TOOLZZ_BODY,
  TOOLZZ_HEADERS,
  TOOLZZ_PATH,
  UNIT,
  type ProxyRun,
} from './proxyTargets.ts';

let run: ProxyRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const TEXT = { 'Content-Type': 'text/plain' };

/** What a frontend's end-to-end suite might send: valid requests and the usual mistakes, for both APIs. */
async function sendTraffic(base: string): Promise<void> {
  const raw = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<Response> => fetch(`${base}${path}`, { method, headers, body });
  const traffic: (() => Promise<Response>)[] = [
    () => call(base, 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY),
    () => call(base, 'POST', SENSAY_PATH, { 'X-ORGANIZATION-SECRET': 'not-the-secret' }, SENSAY_BODY),
    () => call(base, 'POST', SENSAY_PATH, {}, SENSAY_BODY),
    () => call(base, 'POST', SENSAY_PATH, SENSAY_HEADERS, { telegram_token: SENSAY_BODY.telegram_token }),
    () => call(base, 'POST', SENSAY_PATH, SENSAY_HEADERS, { ...SENSAY_BODY, extra: true }),
    () => raw('POST', SENSAY_PATH, { ...SENSAY_HEADERS, ...TEXT }, JSON.stringify(SENSAY_BODY)),
    () => raw('POST', SENSAY_PATH, { ...SENSAY_HEADERS, 'Content-Type': 'application/json' }, '{"mention":'),
    () => call(base, 'DELETE', SENSAY_PATH, SENSAY_HEADERS),
    () => call(base, 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY),
    () => call(base, 'POST', TOOLZZ_PATH, {}, TOOLZZ_BODY),
    () => call(base, 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, { ...TOOLZZ_BODY, scope: 'everyone' }),
    () => raw('POST', TOOLZZ_PATH, { ...TOOLZZ_HEADERS, ...TEXT }, JSON.stringify(TOOLZZ_BODY)),
    () => raw('POST', TOOLZZ_PATH, { ...TOOLZZ_HEADERS, 'Content-Type': 'application/json' }, '[1]'),
    () => call(base, 'GET', `${TOOLZZ_PATH}/unit/${UNIT}`, TOOLZZ_HEADERS),
  ];
  for (const send of traffic) await (await send()).arrayBuffer();
}

async function driftFor(mutant: MutantName | undefined): Promise<DriftReport> {
  run = await startProxyRun({ mutant });
  await sendTraffic(run.url);
  return (await (await fetch(`${run.url}/__mock/drift`)).json()) as DriftReport;
}

/** Each response-side violation as `operationId location`, sorted and once each. */
function responseDrift(violations: readonly DriftViolation[]): string[] {
  return [
    ...new Set(
      violations
        .filter((v) => v.side === 'response')
        .flatMap((v) => v.problems.map((p) => `${v.operationId} ${p.location}`)),
    ),
  ].sort();
}

const SENSAY_CREATE = 'createReplicaTelegramIntegration';
const TOOLZZ_CREATE = 'createTelegramIntegration';

/**
 * Where each mutant's break shows in the proxy's report (always on the response side: the traffic is the same for
 * every upstream). Left out: what only the exact rejection status or a sequence of requests shows (a 404 where the
 * spec means 400 for a malformed UUID; the stateful mutants) — the contract runner catches those.
 */
const EXPECTED: Partial<Record<MutantName, readonly string[]>> = {
  'sensay-id-as-string': [`${SENSAY_CREATE} body`],
  'sensay-missing-success': [`${SENSAY_CREATE} body`],
  'sensay-403-for-bad-credentials': [`${SENSAY_CREATE} status`],
  'sensay-accepts-missing-mention': [`${SENSAY_CREATE} status`],
  'sensay-accepts-extra-properties': [`${SENSAY_CREATE} status`],
  'sensay-accepts-text-plain': [`${SENSAY_CREATE} status`],
  'sensay-error-without-request-id': [`${SENSAY_CREATE} body`],
  'sensay-html-error-pages': [`${SENSAY_CREATE} content-type`],
  'sensay-500-on-malformed-json': [`${SENSAY_CREATE} status`],
  'sensay-ignores-credentials': [`${SENSAY_CREATE} status`],
  'toolzz-missing-isTokenMasked': [`${TOOLZZ_CREATE} body`],
  'toolzz-scope-not-in-enum': [`${TOOLZZ_CREATE} body`],
  'toolzz-timestamps-as-epoch-numbers': [`${TOOLZZ_CREATE} body`],
  'toolzz-204-on-create': [`${TOOLZZ_CREATE} body`],
  'toolzz-accepts-invalid-scope': [`${TOOLZZ_CREATE} status`],
  'toolzz-accepts-missing-bearer': [`${TOOLZZ_CREATE} status`],
  'toolzz-401-as-200-error-body': [`${TOOLZZ_CREATE} status`],
  'toolzz-accepts-text-plain': [`${TOOLZZ_CREATE} status`],
  'toolzz-id-not-uuid': [`${TOOLZZ_CREATE} body`],
  'toolzz-500-on-array-body': [`${TOOLZZ_CREATE} status`],
};

describe('drift of the reference mutants, seen through the proxy', () => {
  it('the faithful reference: the same traffic shows request-side problems only', async () => {
    const report = await driftFor(undefined);
    expect(responseDrift(report.violations)).toEqual([]);
    expect(report.violations.filter((v) => v.side === 'request').length).toBeGreaterThanOrEqual(8);
    expect(report.warnings.filter((v) => v.side === 'response')).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))('%s is reported at %j', async (mutant, expected) => {
    const report = await driftFor(mutant as MutantName);
    const found = responseDrift(report.violations);
    for (const where of expected) expect(found).toContain(where);
  });

  it('every mutant that one exchange can show is in the table', () => {
    const unlisted = MUTANTS.filter((m) => !(m in EXPECTED));
    expect(unlisted).toEqual([
      'sensay-accepts-invalid-replica-uuid',
      'sensay-delete-keeps-integration',
      'sensay-second-delete-200',
      'toolzz-read-differs-from-create',
      'toolzz-update-not-persisted',
      'toolzz-unknown-id-200',
      'toolzz-list-misses-newest',
    ]);
  });

  it.each(ASSUMPTION_VARIANTS)('%s differs only where the spec assumes: no drift', async (variant) => {
    const report = await driftFor(variant);
    expect(responseDrift(report.violations)).toEqual([]);
    // A 400 where 415 is assumed is still a documented rejection: the proxy cannot know which one was meant.
    if (variant !== 'toolzz-400-for-wrong-content-type')
      expect(report.warnings.filter((w) => w.side === 'response').map((w) => w.operationId)).toContain(
        TOOLZZ_CREATE,
      );
  });
});
