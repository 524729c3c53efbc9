import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contractCommand } from '../../src/cli/contractCommand.ts';
import { renderJunit } from '../../src/contract/renderJunit.ts';
import { renderSummary } from '../../src/contract/renderSummary.ts';
import { runContract, type ContractReport } from '../../src/contract/runContract.ts';
import { toJsonReport } from '../../src/contract/toJsonReport.ts';
import { ASSUMPTION_VARIANTS, type AssumptionVariantName, type ReferenceServer } from '../reference/index.ts';
import { parseXml } from './parseXml.ts';
import { failedChecks, SENSAY, startReference, TOOLZZ, TOOLZZ_TOKEN, warnedChecks } from './targets.ts';

let server: ReferenceServer | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function onVariant(variant: AssumptionVariantName, strictAssumptions = false): Promise<ContractReport> {
  server = await startReference({ mutant: variant });
  return runContract({
    spec: TOOLZZ.spec,
    target: `${server.url}${TOOLZZ.basePath}`,
    headers: TOOLZZ.headers,
    params: TOOLZZ.params,
    seed: 5,
    strictAssumptions,
  });
}

/** What each variant changes is only assumed by the spec, so these checks, and only these, are warnings. */
const WARNED: Readonly<Record<AssumptionVariantName, (warned: readonly string[]) => void>> = {
  'toolzz-201-on-create': (warned) => {
    // The stateful checks' own create too: 201 is as assumed-away as the other creates'.
    expect(warned).toEqual([
      'example:default status-documented',
      'generated status-documented',
      'state:create status-documented',
    ]);
  },
  // Create and update both take a body, so both are asked about its media type.
  'toolzz-400-for-wrong-content-type': (warned) => {
    expect(warned).toEqual([
      'content-type-missing status-expected',
      'content-type-missing status-expected',
      'content-type-wrong status-expected',
      'content-type-wrong status-expected',
    ]);
  },
  // Every error body breaks the assumed error schema; the success bodies are facts and still hold.
  'toolzz-error-message-as-object': (warned) => {
    expect(warned.length).toBeGreaterThanOrEqual(10);
    expect(warned.every((entry) => entry.endsWith(' response-body-schema'))).toBe(true);
    expect(warned).toEqual(
      expect.arrayContaining([
        'credentials-missing response-body-schema',
        'body-enum:/scope response-body-schema',
      ]),
    );
  },
};

describe('implementations that differ from the spec only where it assumes', () => {
  it.each(ASSUMPTION_VARIANTS)('%s passes, with warnings naming the assumption', async (variant) => {
    const report = await onVariant(variant);
    expect(failedChecks(report)).toEqual([]);
    expect(report.passed).toBe(true);
    const warned = warnedChecks(report);
    WARNED[variant](warned);
    expect(report.warnings).toBe(warned.length);
    const assumptions = report.cases.flatMap((c) => c.outcomes.flatMap((o) => o.assumption ?? []));
    expect(assumptions.every((reason) => reason.includes('x-assumed'))).toBe(true);
  });

  it.each(ASSUMPTION_VARIANTS)(
    '%s fails with strict assumptions, on exactly those checks',
    async (variant) => {
      const lenient = warnedChecks(await onVariant(variant));
      await server?.close();
      const strict = await onVariant(variant, true);
      expect(strict.passed).toBe(false);
      expect(strict.warnings).toBe(0);
      expect(failedChecks(strict)).toEqual(lenient);
    },
  );
});

describe('the reports show warnings without counting them as failures', () => {
  it('summary, JUnit and JSON', async () => {
    const report = await onVariant('toolzz-201-on-create');
    const summary = renderSummary(report);
    expect(summary).toContain('WARN createTelegramIntegration generated');
    expect(summary).toContain(
      'assumed: the 2xx statuses createTelegramIntegration documents (200) are marked x-assumed',
    );
    expect(summary).toContain('WARN createTelegramIntegration state:create');
    expect(summary).toContain('status-documented 58/61 (3 warned)');
    expect(summary).toMatch(/PASSED: 64 cases, every check held; 3 warnings: .*--strict-assumptions/);

    const suites = parseXml(renderJunit(report));
    expect(suites.attributes['failures']).toBe('0');
    const testcases = suites.children.flatMap((suite) => suite.children);
    const warning = testcases.find((t) => t.attributes['name'] === 'status-documented (assumed)');
    expect(warning?.children.find((c) => c.name === 'skipped')?.attributes['message']).toMatch(
      /^warning: 3 case\(s\) failed status-documented on an assumption only: 201 is not documented/,
    );
    const check = testcases.find((t) => t.attributes['name'] === 'status-documented');
    expect(check?.children.some((c) => c.name === 'failure')).toBe(false);

    const json = toJsonReport(report);
    expect(json).toMatchObject({
      passed: true,
      strictAssumptions: false,
      summary: { warnings: 3, failedCases: 0 },
    });
    expect(json.summary.checks['status-documented']).toEqual({ passed: 58, failed: 0, warned: 3 });
    expect(json.cases.filter((c) => c.warned).map((c) => c.name)).toEqual([
      'example:default',
      'generated',
      'state:create',
    ]);
  });
});

describe('mockgram contract --strict-assumptions', () => {
  let stdout: string;
  let directory: string;

  beforeEach(async () => {
    stdout = '';
    directory = await mkdtemp(join(tmpdir(), 'mockgram-assumed-'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('exits 0 on warnings only, and 1 when they are made failures', async () => {
    server = await startReference({ mutant: 'toolzz-400-for-wrong-content-type' });
    const args = [
      TOOLZZ.spec,
      '--target',
      `${server.url}/api`,
      '--header',
      `Authorization: Bearer ${TOOLZZ_TOKEN}`,
      ...Object.entries(TOOLZZ.params).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
      '--seed',
      '4',
    ];
    const json = join(directory, 'report.json');
    expect(await contractCommand([...args, '--json', json])).toBe(0);
    expect(stdout).toContain('WARN createTelegramIntegration content-type-wrong');
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({
      passed: true,
      summary: { warnings: 4 },
    });
    stdout = '';
    expect(await contractCommand([...args, '--strict-assumptions'])).toBe(1);
    expect(stdout).toContain('FAIL createTelegramIntegration content-type-wrong');
    expect(stdout).toContain('| strict assumptions |');
  });
});

describe('what the plan takes as fact and what as assumption', () => {
  async function planOnReference(run: typeof TOOLZZ): Promise<ContractReport> {
    server = await startReference();
    return runContract({
      spec: run.spec,
      target: `${server.url}${run.basePath}`,
      headers: run.headers,
      params: run.params,
      seed: 5,
    });
  }

  it('toolzz: an x-assumed constraint makes the whole case an assumption; an assumed status only its exactness', async () => {
    const report = await planOnReference(TOOLZZ);
    const planned = new Map(report.cases.map((c) => [c.case.name, c.case]));
    expect(planned.get('body-minLength:/title')?.assumption).toBe('body /title is marked x-assumed');
    expect(planned.get('body-minLength:/botToken')?.assumption).toBe('body /botToken is marked x-assumed');
    for (const name of [
      'body-enum:/scope',
      'body-missing:/title',
      'body-format:/botId',
      'credentials-missing',
    ]) {
      expect(planned.get(name)?.assumption, name).toBeUndefined();
      expect(planned.get(name)?.expect, name).toMatchObject({
        kind: 'reject',
        statusAssumption: expect.stringMatching(
          /^the 40[01] response is marked x-assumed; any 4xx/,
        ) as unknown,
      });
    }
    expect(report.warnings).toBe(0);
  });

  it('sensay: every status it expects is documented as a fact, except 405 (an HTTP convention there)', async () => {
    const report = await planOnReference(SENSAY);
    const assumed = report.cases
      .filter(
        (c) =>
          c.case.assumption !== undefined ||
          (c.case.expect.kind === 'reject' && c.case.expect.statusAssumption),
      )
      .map((c) => c.case.name);
    expect(assumed).toEqual(['method-undocumented:GET']);
    expect(report.warnings).toBe(0);
  });
});
