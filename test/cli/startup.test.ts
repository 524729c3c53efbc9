import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundledApis } from '../../src/bundledApis.ts';
import { SENSAY, TOOLZZ } from '../mock/apis.ts';
import {
  LIBRARY_SPEC,
  SENSAY_PUBLISHED_SPEC as PUBLISHED,
  SENSAY_SCENARIOS,
  SENSAY_SPEC,
} from '../support/paths.ts';
import { listeningUrl, runCli, stopClis } from '../support/runCli.ts';

afterEach(stopClis);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mockgram-startup-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh folder standing for a user's project, with the given files in it. */
async function project(name: string, files: Record<string, string> = {}): Promise<string> {
  const root = join(scratch, name);
  await mkdir(root, { recursive: true });
  for (const [path, source] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await copyFile(source, join(root, path));
  }
  return root;
}

const scenarioLines = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => line.startsWith('  scenarios: '));

async function post(url: string, api: typeof SENSAY, scenario?: string): Promise<number> {
  const response = await fetch(`${url}${api.path}`, {
    method: 'POST',
    headers: {
      ...api.credentials,
      'Content-Type': 'application/json',
      ...(scenario !== undefined && { 'X-Mock-Scenario': scenario }),
    },
    body: JSON.stringify(api.body),
  });
  return response.status;
}

describe('where to click, said at start-up', () => {
  it('names the admin API and the dashboard, which the URL serves', async () => {
    const cli = runCli(['mock', '--port', '0']);
    const url = await listeningUrl(cli);
    const lines = cli.stdout().split('\n');
    expect(lines).toContain(`  admin API: ${url}/__mock`);
    expect(lines).toContain(`  dashboard: ${url}/__mock/ui`);
    const page = await fetch(`${url}/__mock/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('which scenario files mockgram mock uses, said at start-up', () => {
  it('in the checkout: ./specs with ./scenarios', async () => {
    const cli = runCli(['mock', '--port', '0']);
    await listeningUrl(cli);
    expect(scenarioLines(cli.stdout())).toEqual([
      '  scenarios: scenarios/sensay.yaml, scenarios/toolzz.yaml',
    ]);
  });

  it('in a project with neither: the bundled specs with the bundled scenarios, which work', async () => {
    const cli = runCli(['mock', '--port', '0'], { cwd: await project('empty') });
    const url = await listeningUrl(cli);
    expect(scenarioLines(cli.stdout())).toEqual([
      `  scenarios: ${bundledApis().scenarioFiles.join(', ')} (bundled with mockgram)`,
    ]);
    expect(await post(url, SENSAY, 'server-error')).toBe(500);
    expect(await post(url, TOOLZZ, 'not-found')).toBe(404);
  });

  it('a default ./scenarios written for other specs is skipped, and said, with where the bundled ones are', async () => {
    const root = await project('other-scenarios');
    await mkdir(join(root, 'scenarios'));
    await writeFile(
      join(root, 'scenarios', 'billing.yaml'),
      'spec: billing\noperations:\n  payInvoice:\n    scenarios:\n      paid: { status: 200 }\n',
    );
    const cli = runCli(['mock', '--port', '0'], { cwd: root });
    const url = await listeningUrl(cli);
    const bundledDirectory = join(bundledApis().scenarioFiles[0] ?? '', '..');
    expect(scenarioLines(cli.stdout())).toEqual([
      "  scenarios: skipped scenarios/billing.yaml: written for spec 'billing', which is not served (served: sensay, toolzz)",
      `  scenarios: none, so every answer comes from the specs alone (the bundled ones: --scenarios ${bundledDirectory})`,
    ]);
    expect(await post(url, SENSAY)).toBe(200);
  });

  it("a project's own specs with scenarios for other specs: skipped and said, no bundled hint", async () => {
    const root = await project('own-specs', {
      'specs/library.yaml': LIBRARY_SPEC,
      'scenarios/sensay.yaml': SENSAY_SCENARIOS,
    });
    const cli = runCli(['mock', '--port', '0'], { cwd: root });
    await listeningUrl(cli);
    expect(scenarioLines(cli.stdout())).toEqual([
      "  scenarios: skipped scenarios/sensay.yaml: written for spec 'sensay', which is not served (served: library)",
      '  scenarios: none, so every answer comes from the specs alone',
    ]);
  });

  it('a directory given as SPEC serves every spec in it', async () => {
    const root = await project('spec-folder', { 'apis/library.yaml': LIBRARY_SPEC });
    const cli = runCli(['mock', 'apis', '--port', '0'], { cwd: root });
    await listeningUrl(cli);
    expect(cli.stdout()).toMatch(/^ {2}library: .* at http:\/\/127\.0\.0\.1:\d+\//m);
  });
});

describe('mockgram mock with layered specs', () => {
  it('says once at start-up which spec answers the shared operations', async () => {
    const cli = runCli(['mock', PUBLISHED, 'specs/sensay.yaml', '--port', '0']);
    const url = await listeningUrl(cli);
    const said =
      'sensay answers what sensay-published also documents (sensay is given later): ' +
      'POST /v1/replicas/{replicaUUID}/integrations/telegram, DELETE /v1/replicas/{replicaUUID}/integrations/telegram; ' +
      'sensay-published answers the rest';
    expect(
      cli
        .stdout()
        .split('\n')
        .filter((line) => line.includes('also documents')),
    ).toEqual([`  ${said}`]);
    const replica = await fetch(`${url}/v1/replicas/03db5651-cb61-4bdf-9ef0-89561f7c9c53`, {
      headers: SENSAY.credentials,
    });
    expect(replica.status).toBe(200);
  });

  it('a spec whose every operation a later one answers is said to serve nothing', async () => {
    const cli = runCli(['mock', SENSAY_SPEC, PUBLISHED, '--port', '0'], { cwd: await project('layered') });
    await listeningUrl(cli);
    const lines = cli.stdout().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}sensay: .* \(every operation answered by a later spec\)$/),
    );
    expect(lines).toContain(
      '  sensay-published answers what sensay also documents (sensay-published is given later): ' +
        'POST /v1/replicas/{replicaId}/integrations/telegram, DELETE /v1/replicas/{replicaId}/integrations/telegram',
    );
  });

  it('--on-conflict error refuses to start, naming both files', async () => {
    const cli = runCli(['mock', PUBLISHED, 'specs/sensay.yaml', '--port', '0', '--on-conflict', 'error']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain('ROUTE_COLLISION');
    expect(cli.stderr()).toContain(PUBLISHED);
  });
});
