import type { Config } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { objectAt } from './documentLookup.ts';
import { describeProblem, lintSpecFile, lintSpecText, loadProjectLintConfig } from './redoclyChecks.ts';
import { listSpecFiles, readSpecDocument } from './specDocuments.ts';

let config: Config;

beforeAll(async () => {
  config = await loadProjectLintConfig();
});

describe("every spec passes redocly's recommended ruleset (redocly.yaml)", () => {
  it.each(listSpecFiles())('$name has no error', async ({ name, path }) => {
    const problems = await lintSpecFile(path, config);
    const warnings = problems.filter((problem) => problem.severity === 'warn').map(describeProblem);
    if (warnings.length > 0)
      console.warn(`${name}: ${warnings.length} lint warning(s)\n${warnings.join('\n')}`);

    expect(problems.filter((problem) => problem.severity === 'error').map(describeProblem)).toEqual([]);
  });
});

describe('the lint check reports rule violations', () => {
  it('reports an operation without a summary', async () => {
    const document = await readSpecDocument(TOOLZZ_SPEC);
    Reflect.deleteProperty(objectAt(document, 'paths', '/v1/telegram/integration', 'post'), 'summary');

    const problems = await lintSpecText(stringify(document), config);

    expect(problems.map(describeProblem)).toContainEqual(
      expect.stringMatching(
        /^error operation-summary: .*\(#\/paths\/~1v1~1telegram~1integration\/post\/summary\)$/,
      ),
    );
  });

  it('reports a security requirement naming a scheme that is not defined', async () => {
    const document = await readSpecDocument(SENSAY_SPEC);
    objectAt(document, 'paths', '/v1/replicas/{replicaUUID}/integrations/telegram', 'post')['security'] = [
      { organisationSecret: [] },
    ];

    const problems = await lintSpecText(stringify(document), config);

    expect(
      problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
    ).toEqual(['security-defined']);
  });
});
