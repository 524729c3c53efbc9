import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../src/cli/nodeVersion.ts';
import { SENSAY, TOOLZZ, jsonObject } from '../mock/apis.ts';
import { installPacked, type PackedFiles } from '../support/installPacked.ts';
import { ROOT } from '../support/paths.ts';

/**
 * mockgram as a user's project gets it: `npm pack`, installed from the tarball into an empty project (offline, from
 * the npm cache), then used the way the README says, from that project's folder.
 */
let project: string;
let files: PackedFiles;
const started: ChildProcess[] = [];

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'mockgram-installed-'));
  files = await installPacked(project, ['supertest', 'msw']);
}, 240_000);

afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(-child.pid, 'SIGTERM');
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exit: Promise<number | null>;
}

/** Runs a command in the project folder, in its own process group (npx starts mockgram as a grandchild). */
function inProject(command: string, args: readonly string[]): Run {
  const child = spawn(command, args, { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = once(child, 'exit').then(([code]) => (typeof code === 'number' ? code : null));
  return { child, output: () => ({ stdout, stderr }), exit };
}

async function listening(run: Run): Promise<string> {
  for (;;) {
    const found = /mockgram listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(run.output().stdout);
    if (found?.[1] !== undefined) return found[1];
    if (run.child.exitCode !== null) throw new Error(`mockgram exited: ${JSON.stringify(run.output())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const call = (url: string, api: typeof SENSAY, scenario: string) =>
  fetch(`${url}${api.path}`, {
    method: 'POST',
    headers: { ...api.credentials, 'Content-Type': 'application/json', 'X-Mock-Scenario': scenario },
    body: JSON.stringify(api.body),
  });

describe('the packed package', () => {
  it('holds the built code, the bundled specs and their scenarios, and nothing of the checkout besides', () => {
    for (const wanted of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/msw/node.js',
      'dist/msw/node.d.ts',
      'dist/msw/createMockHandlers.js',
      'dist/msw/createMockHandlers.d.ts',
      'dist/scenarios/scenarioFile.schema.json',
      'specs/sensay.yaml',
      'specs/toolzz.yaml',
      'scenarios/sensay.yaml',
      'scenarios/toolzz.yaml',
    ])
      expect(files).toContain(wanted);
    expect(files.filter((file) => /^(src|test)\//.test(file))).toEqual([]);
  });
});

describe('npx mockgram in a project that installed it', () => {
  it('`npx mockgram mock` serves the bundled specs with the bundled scenarios, and says so', async () => {
    const mock = inProject('npx', ['mockgram', 'mock', '--port', '0']);
    const url = await listening(mock);
    expect(mock.output().stdout).toContain(
      '  scenarios: node_modules/mockgram/scenarios/sensay.yaml, node_modules/mockgram/scenarios/toolzz.yaml ' +
        '(bundled with mockgram)',
    );
    const failed = await call(url, SENSAY, 'server-error');
    expect(failed.status).toBe(500);
    expect(jsonObject(await failed.text())['inner_exception']).toBeDefined();
    expect((await call(url, TOOLZZ, 'not-found')).status).toBe(404);
    expect(mock.output().stderr).toBe('');
  });

  it('`npx mockgram --version` prints the packed version', async () => {
    const run = inProject('npx', ['mockgram', '--version']);
    expect(await run.exit).toBe(0);
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run.output().stdout).toBe(`${version}\n`);
  });

  it('an older Node gets one line saying Node 24 is needed, from the built command line', async () => {
    const fakeNode20 =
      'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';
    const bin = join(project, 'node_modules/mockgram/dist/cli/main.js');
    const run = inProject(process.execPath, ['--import', fakeNode20, bin, 'mock']);
    expect(await run.exit).toBe(2);
    expect(run.output()).toEqual({ stdout: '', stderr: `${nodeVersionProblem('20.20.2') ?? ''}\n` });
  });
});

describe('mockgram/msw in a project that installed it (and msw)', () => {
  it("resolves to the Node entry under Node, and answers through msw's setupServer with the bundled specs", async () => {
    await writeFile(
      join(project, 'msw-user.mjs'),
      `import { setupServer } from 'msw/node';
import { createMockHandlers } from 'mockgram/msw';
console.log(import.meta.resolve('mockgram/msw').replace(/^.*node_modules\\/mockgram\\//, ''));
const mock = await createMockHandlers();
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledFrame: 'error' });
await mock.use('not-found', { operation: 'createTelegramIntegration' });
const failed = await fetch('https://chat.api.toolzz.com.br/api/v1/telegram/integration', {
  method: 'POST',
  headers: { ...${JSON.stringify(TOOLZZ.credentials)}, 'Content-Type': 'application/json' },
  body: JSON.stringify(${JSON.stringify(TOOLZZ.body)}),
});
const broken = await fetch('https://api.sensay.io${SENSAY.path}', {
  method: 'POST',
  headers: { ...${JSON.stringify(SENSAY.credentials)}, 'Content-Type': 'application/json', 'X-Mock-Scenario': 'server-error' },
  body: JSON.stringify(${JSON.stringify(SENSAY.body)}),
});
console.log(failed.status, (await failed.json()).message);
console.log(broken.status, (await broken.json()).inner_exception.name);
console.log(mock.coverage().totals.operations.covered, mock.requests().length);
server.close();
`,
    );
    const run = inProject(process.execPath, ['msw-user.mjs']);
    const code = await run.exit;
    expect(run.output()).toEqual({
      stdout: `dist/msw/node.js\n404 Bot ${String(TOOLZZ.body['botId'])} not found\n500 TelegramIntegrationError\n2 2\n`,
      stderr: '',
    });
    expect(code).toBe(0);
  });

  it('after `npx mockgram types`, a wrong scenario name given to use() fails tsc against the packed types', async () => {
    await mkdir(join(project, 'src'), { recursive: true });
    const types = inProject('npx', ['mockgram', 'types', '--out', 'src/mockgram.d.ts']);
    expect(await types.exit).toBe(0);
    await writeFile(
      join(project, 'src/usesMsw.ts'),
      `import { createMockHandlers } from 'mockgram/msw';
const mock = await createMockHandlers();
await mock.use('server-error', { operation: 'createTelegramIntegration' });
await mock.use('sever-error');
`,
    );
    const program = ts.createProgram([join(project, 'src/usesMsw.ts'), join(project, 'src/mockgram.d.ts')], {
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.replace(`${project}/`, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^src\/usesMsw\.ts: Argument of type '"sever-error"' is not assignable to parameter of type '.*"server-error"/,
    );
  });

  it('bundles for a browser from the installed package: the default condition, no node: module', async () => {
    const result = await build({
      stdin: {
        contents: "import { createMockHandlers } from 'mockgram/msw'; console.log(createMockHandlers);",
        resolveDir: project,
        loader: 'js',
      },
      absWorkingDir: project,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/mockgram/dist/msw/createMockHandlers.js');
    expect(inputs.filter((input) => input.startsWith('node_modules/mockgram/dist/msw/node'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(/["']node:[a-z_/]+["']/);
  });

  it('names msw 3 as an optional peer dependency and maps other platforms to the browser-safe entry', async () => {
    const manifest: unknown = JSON.parse(
      await readFile(join(project, 'node_modules/mockgram/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      exports: {
        './msw': {
          node: { types: './dist/msw/node.d.ts', default: './dist/msw/node.js' },
          default: {
            types: './dist/msw/createMockHandlers.d.ts',
            default: './dist/msw/createMockHandlers.js',
          },
        },
      },
      peerDependencies: { msw: '^3.0.0' },
      peerDependenciesMeta: { msw: { optional: true } },
    });
  });
});

describe("the README's programmatic example", () => {
  it('runs as written in a project that installed mockgram (and supertest)', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Programmatic use'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain("from 'mockgram'");
    await writeFile(join(project, 'example.mjs'), `${example ?? ''}\nconsole.log('example done');\n`);
    const run = inProject(process.execPath, ['example.mjs']);
    const code = await run.exit;
    expect(run.output()).toEqual({ stdout: 'example done\n', stderr: '' });
    expect(code).toBe(0);
  });

  it('fails when the scenario it asks for is not served (so the example above proves the scenarios load)', async () => {
    await writeFile(
      join(project, 'without-scenarios.mjs'),
      `import request from 'supertest';
import { bundledApis, createMockApp } from 'mockgram';
const app = await createMockApp({ specs: bundledApis('sensay').specs, seed: 1 });
const response = await request(app)
  .post('${SENSAY.path}')
  .set('X-Mock-Scenario', 'server-error');
console.log(response.status);
`,
    );
    const run = inProject(process.execPath, ['without-scenarios.mjs']);
    expect(await run.exit).toBe(0);
    expect(run.output().stdout).not.toBe('500\n');
  });
});
