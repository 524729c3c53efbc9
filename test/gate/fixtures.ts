import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CoverageReport } from '../../src/coverage/createCoverage.ts';
import { ROOT } from '../support/paths.ts';

/**
 * A small coverage report: one operation called (a status and a scenario never used), one never called, one refused
 * request. Totals as the mock computes them.
 */
export const REPORT: CoverageReport = {
  session: 'ci',
  requests: 5,
  operations: [
    {
      operationId: 'createThing',
      spec: 'shop',
      method: 'POST',
      path: '/things',
      hits: 4,
      statuses: { '200': 3, '400': 1, '500': 0 },
      scenarios: { success: 3, 'server-error': 0 },
    },
    {
      operationId: 'getThing',
      spec: 'shop',
      method: 'GET',
      path: '/things/{id}',
      hits: 0,
      statuses: { '200': 0, '404': 0 },
      scenarios: {},
    },
  ],
  unmatched: [
    { method: 'GET', path: '/nope', status: 404, reason: 'no operation is documented at /nope', hits: 1 },
  ],
  totals: {
    operations: { covered: 1, total: 2 },
    statuses: { covered: 2, total: 5 },
    scenarios: { covered: 1, total: 2 },
  },
};

/** The CTRF schema of test/schemas, compiled with the formats it uses (uuid, date-time). */
export function ctrfValidator(): ReturnType<Ajv2020['compile']> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const schema: unknown = JSON.parse(readFileSync(resolve(ROOT, 'test/schemas/ctrf.schema.json'), 'utf8'));
  if (typeof schema !== 'object' || schema === null) throw new Error('the CTRF schema is not an object');
  return ajv.compile(schema);
}
