import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeVersionProblem, REQUIRED_NODE } from '../../src/cli/nodeVersion.ts';
import { ROOT } from '../support/paths.ts';
import { runCli, stopClis } from '../support/runCli.ts';

afterEach(stopClis);

const manifest = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the Node version mockgram needs', () => {
  it('is the one package.json declares, and the node dev dependency provides it', () => {
    expect(manifest.engines.node).toBe(`>=${REQUIRED_NODE.major}.${REQUIRED_NODE.minor}.0`);
    expect(manifest.devDependencies['node']).toMatch(new RegExp(`^\\^${REQUIRED_NODE.major}\\.`));
  });

  it.each(['24.11.0', '24.21.0', '25.0.0', '30.1.2'])('%s is enough', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it.each(['24.10.9', '22.12.0', '20.20.2', '18.0.0'])('%s gets one line saying what to do', (version) => {
    const problem = nodeVersionProblem(version) ?? '';
    expect(problem).toContain(`mockgram needs Node 24.11 or newer; this is Node ${version}.`);
    expect(problem).toContain('npm install --save-dev node@24');
    expect(problem).not.toContain('\n');
  });

  it('an older Node running the command line gets that line on stderr and exit 2, before anything loads', async () => {
    const fakeNode20 =
      'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';
    const cli = runCli(['mock', '--port', '0'], { nodeArgs: ['--import', fakeNode20] });
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toBe(`${nodeVersionProblem('20.20.2') ?? ''}\n`);
    expect(cli.stdout()).toBe('');
  });
});
