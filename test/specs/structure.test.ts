import type { Config } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LIBRARY_SPEC, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { objectAt } from './documentLookup.ts';
import { createStructureConfig, describeProblem, lintSpecFile, lintSpecText } from './redoclyChecks.ts';
import { listSpecFiles, readSpecDocument } from './specDocuments.ts';

let config: Config;

beforeAll(async () => {
  config = await createStructureConfig();
});

describe('every spec is a valid OpenAPI document', () => {
  it.each(listSpecFiles())('$name', async ({ path }) => {
    const problems = await lintSpecFile(path, config);
    expect(problems.map(describeProblem)).toEqual([]);
  });
});

describe('the structure check reports broken documents', () => {
  it('reports a missing required field and an unknown one in OpenAPI 3.1', async () => {
    const document = await readSpecDocument(SENSAY_SPEC);
    Reflect.deleteProperty(objectAt(document, 'info'), 'version');
    objectAt(document, 'paths', '/v1/replicas/{replicaUUID}/integrations/telegram', 'post')['returns'] = {};

    const problems = await lintSpecText(stringify(document), config);

    expect(problems.map((problem) => [problem.ruleId, problem.severity])).toEqual([
      ['struct', 'error'],
      ['struct', 'error'],
    ]);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(/version[\s\S]*returns/);
  });

  it('reports a parameter location that OpenAPI 3.0 does not have', async () => {
    const document = await readSpecDocument(LIBRARY_SPEC);
    objectAt(document, 'components', 'parameters', 'BookId')['in'] = 'body';

    const problems = await lintSpecText(stringify(document), config);

    expect(problems.map(describeProblem)).toEqual([
      expect.stringMatching(/^error struct: `in` can be one of .*\(#\/components\/parameters\/BookId\/in\)$/),
    ]);
  });

  it('reports a $ref that points at nothing', async () => {
    const document = await readSpecDocument(TOOLZZ_SPEC);
    const media = objectAt(
      document,
      'paths',
      '/v1/telegram/integration',
      'post',
      'responses',
      '200',
      'content',
      'application/json',
    );
    media['schema'] = { $ref: '#/components/schemas/Missing' };

    const problems = await lintSpecText(stringify(document), config);

    expect(problems.map((problem) => problem.ruleId)).toContain('no-unresolved-refs');
  });
});
