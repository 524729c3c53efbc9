import { describe, expect, it } from 'vitest';
import { loadSpecChecker } from '../support/responseChecker.ts';
import { LIBRARY_SPEC, SENSAY_SPEC } from '../support/paths.ts';

const OPERATION = 'createReplicaTelegramIntegration';

describe('the spec checker the suites judge the mock with', () => {
  it.each([
    ['7', []],
    ['many', [expect.stringMatching(/^headers: .*integer/) as unknown]],
  ] as const)('judges a documented response header by its value (%s)', async (count, problems) => {
    const checker = await loadSpecChecker(LIBRARY_SPEC);
    const response = {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-total-count': count },
      text: '[]',
    };
    expect(checker.problems('listBooks', response)).toEqual(problems);
  });

  it('reports an undocumented status and a body that breaks the schema', async () => {
    const checker = await loadSpecChecker(SENSAY_SPEC);
    expect(checker.problems(OPERATION, { status: 418, headers: {}, text: '' })).toEqual([
      `status 418 is not documented for ${OPERATION}`,
    ]);
    const wrongId = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      text: JSON.stringify({ success: true, id: '42' }),
    };
    expect(checker.problems(OPERATION, wrongId)[0]).toMatch(/^body:/);
  });
});
