import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

describe('mockgram/msw in a browser', () => {
  it('bundles for the browser platform, msw included, with no node: module and no Node built-in', async () => {
    const result = await build({
      entryPoints: [`${ROOT}/src/msw/createMockHandlers.ts`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = result.outputFiles[0]?.text ?? '';
    const inputs = Object.keys(result.metafile.inputs);
    expect(output.length).toBeGreaterThan(100_000);
    expect(output).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(
      inputs.filter((input) => /^(node:|src\/(cli|server|admin\/createAdminRouter))/.test(input)),
    ).toEqual([]);
    expect(inputs).toContain('src/engine/createEngine.ts');
  });

  it('fails the same bundle when a node: module creeps in (the check can fail)', async () => {
    const failure = build({
      stdin: {
        contents: "import { createMockHandlers } from './src/msw/node.ts'; console.log(createMockHandlers);",
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    await expect(failure).rejects.toThrow(/node:/);
  });
});
