import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderScenarioTypes } from '../../src/codegen/renderScenarioTypes.ts';
import { TYPES_USAGE, typesCommand } from '../../src/cli/typesCommand.ts';
import { createMockEngine } from '../../src/engine/createMockEngine.ts';
import { MockgramError } from '../../src/errors.ts';
import {
  BOOKSHELF_SPEC,
  CLI,
  ROOT,
  SENSAY_SCENARIOS,
  SENSAY_SPEC,
  TOOLZZ_SCENARIOS,
  TOOLZZ_SPEC,
} from '../support/paths.ts';

let project: string;
let declarations: string;

/** What `mockgram types` prints, run in-process with its output captured. */
async function runTypes(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await typesCommand(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'mockgram-types-'));
  const result = await runTypes([
    SENSAY_SPEC,
    TOOLZZ_SPEC,
    '--scenarios',
    resolve(ROOT, 'scenarios'),
    '--out',
    join(project, 'src/mockgram.d.ts'),
  ]);
  expect(result).toMatchObject({ code: 0, stdout: '' });
  expect(result.stderr).toMatch(/^mockgram types: wrote .*mockgram\.d\.ts\n$/);
  declarations = await readFile(join(project, 'src/mockgram.d.ts'), 'utf8');
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/**
 * Type-checks a user's project: `files` under src/, with the written declarations or without, and a tsconfig that
 * maps `mockgram/client` (and `mockgram/msw`, whose Node entry needs Node's types) to this checkout's source as the
 * package exports map them to the build. Errors by file.
 */
async function typeErrors(
  name: string,
  files: Readonly<Record<string, string>>,
  withDeclarations: boolean,
  withMsw = false,
): Promise<Record<string, string[]>> {
  const root = join(project, name);
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2023',
        lib: ['es2023', 'dom'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        ...(withMsw ? { types: ['node'], typeRoots: [resolve(ROOT, 'node_modules/@types')] } : { types: [] }),
        paths: {
          'mockgram/client': [resolve(ROOT, 'src/client/index.ts')],
          ...(withMsw && { 'mockgram/msw': [resolve(ROOT, 'src/msw/node.ts')] }),
        },
      },
      include: ['src'],
    }),
  );
  if (withDeclarations) await writeFile(join(root, 'src/mockgram.d.ts'), declarations);
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, 'src', file), text);
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json did not parse');
  const program = ts.createProgram(config.fileNames, config.options, hostSharingLibraries(config.options));
  const errors: Record<string, string[]> = {};
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName.replace(`${root}/src/`, '') ?? '(global)';
    (errors[file] ??= []).push(
      `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    );
  }
  return errors;
}

const libraries = new Map<string, ts.SourceFile | undefined>();

/** A compiler host that parses TypeScript's own lib files once for every project of this file (lib.dom is large). */
function hostSharingLibraries(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) => {
    if (!fileName.includes('/node_modules/typescript/lib/')) return read(fileName, language, ...rest);
    if (!libraries.has(fileName)) libraries.set(fileName, read(fileName, language, ...rest));
    return libraries.get(fileName);
  };
  return host;
}

/** The names in "... parameter of type '"a" | "b"'." (TypeScript prints a union in its own order). */
function unionIn(message: string | undefined): string[] {
  const union = /parameter of type '(.*)'\.$/.exec(message ?? '')?.[1] ?? '';
  return union
    .split(' | ')
    .map((member) => member.replaceAll('"', ''))
    .sort();
}

const PRELUDE = `import { connectMock, type ScenarioName } from 'mockgram/client';
const mock = connectMock({ baseUrl: 'http://127.0.0.1:4010', session: 'e2e' });
`;

describe('mockgram types', () => {
  it('writes every operation id and its scenario names as string unions', () => {
    expect(declarations).toContain('declare module "mockgram/client" {');
    expect(declarations).toMatch(
      /export type MockOperationId =\n {2}\| "createReplicaTelegramIntegration"\n {2}\| "deleteReplicaTelegramIntegration"\n {2}\| "createTelegramIntegration"\n/,
    );
    expect(declarations).toContain(
      '    /** toolzz: POST /api/v1/telegram/integration */\n    createTelegramIntegration:\n      | "success"\n      | "bad-request"\n',
    );
    expect(declarations).toContain('      | "invalid-telegram-token";\n');
    expect(declarations).toMatch(
      /^\/\/ Written by `mockgram types` from specs\/sensay\.yaml, specs\/toolzz\.yaml/,
    );
  });

  it('type-checks a user project: correct calls compile; a wrong scenario or operation fails tsc', async () => {
    const errors = await typeErrors(
      'typed',
      {
        'good.ts': `${PRELUDE}import type { MockOperationId } from './mockgram.js';
await mock.use('server-error', { operation: 'createTelegramIntegration' });
await mock.use('replica-not-found', { operation: 'createReplicaTelegramIntegration', session: null });
await mock.use('no-integration');
const operation: MockOperationId = 'listTelegramIntegrationsByUnit';
const name: ScenarioName<'deleteReplicaTelegramIntegration'> = 'no-integration';
await mock.use(name, { operation: 'deleteReplicaTelegramIntegration' });
export { operation };
`,
        'wrong-scenario.ts': `${PRELUDE}await mock.use('no-such-scenario', { operation: 'createTelegramIntegration' });\n`,
        'other-operations-scenario.ts': `${PRELUDE}await mock.use('replica-not-found', { operation: 'createTelegramIntegration' });\n`,
        'unknown-anywhere.ts': `${PRELUDE}await mock.use('sever-error');\n`,
        'wrong-operation.ts': `${PRELUDE}await mock.use('success', { operation: 'deleteEverything' });\n`,
        'misspelt-operation.ts': `${PRELUDE}await mock.use('success', { operation: 'createTelegramIntegrations' });\n`,
      },
      true,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'misspelt-operation.ts',
      'other-operations-scenario.ts',
      'unknown-anywhere.ts',
      'wrong-operation.ts',
      'wrong-scenario.ts',
    ]);
    const toolzzNames = [
      'bad-request',
      'connection-reset',
      'malformed-json',
      'no-answer',
      'not-found',
      'server-error',
      'slow-success',
      'success',
      'unauthorized',
      'unsupported-media-type',
    ];
    expect(errors['wrong-scenario.ts']).toHaveLength(1);
    expect(errors['wrong-scenario.ts']?.[0]).toMatch(
      /^TS2345: Argument of type '"no-such-scenario"' is not assignable to parameter of type '/,
    );
    expect(unionIn(errors['wrong-scenario.ts']?.[0])).toEqual(toolzzNames);
    expect(errors['other-operations-scenario.ts']?.[0]).toMatch(
      /^TS2345: Argument of type '"replica-not-found"' is not assignable to parameter of type '/,
    );
    expect(unionIn(errors['other-operations-scenario.ts']?.[0])).toEqual(toolzzNames);
    expect(errors['unknown-anywhere.ts']).toHaveLength(1);
    expect(errors['unknown-anywhere.ts']?.[0]).toMatch(
      /^TS2345: Argument of type '"sever-error"' is not assignable to parameter of type '.*"server-error".*'\.$/,
    );
    expect(errors['wrong-operation.ts']).toEqual([
      `TS2322: Type '"deleteEverything"' is not assignable to type 'keyof MockScenarios | undefined'.`,
    ]);
    expect(errors['misspelt-operation.ts']).toEqual([
      `TS2820: Type '"createTelegramIntegrations"' is not assignable to type 'keyof MockScenarios | undefined'. Did you mean '"createTelegramIntegration"'?`,
    ]);
  }, 60_000);

  it('types use() of mockgram/msw the same way: a wrong scenario or operation fails tsc', async () => {
    const prelude = `import { createMockHandlers } from 'mockgram/msw';
const mock = await createMockHandlers();
`;
    const errors = await typeErrors(
      'msw-typed',
      {
        'good.ts': `${prelude}const applied: readonly string[] = await mock.use('server-error', {
  operation: 'createTelegramIntegration',
  session: 'a',
});
await mock.use('replica-not-found', { operation: 'createReplicaTelegramIntegration' });
await mock.use('no-integration');
export { applied };
`,
        'wrong-scenario.ts': `${prelude}await mock.use('no-such-scenario', { operation: 'createTelegramIntegration' });\n`,
        'other-operations-scenario.ts': `${prelude}await mock.use('replica-not-found', { operation: 'getTelegramIntegration' });\n`,
        'unknown-anywhere.ts': `${prelude}await mock.use('sever-error');\n`,
        'wrong-operation.ts': `${prelude}await mock.use('success', { operation: 'deleteEverything' });\n`,
      },
      true,
      true,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'other-operations-scenario.ts',
      'unknown-anywhere.ts',
      'wrong-operation.ts',
      'wrong-scenario.ts',
    ]);
    expect(errors['wrong-scenario.ts']?.[0]).toMatch(
      /^TS2345: Argument of type '"no-such-scenario"' is not assignable to parameter of type '/,
    );
    expect(unionIn(errors['other-operations-scenario.ts']?.[0])).toEqual([
      'bad-request',
      'not-found',
      'server-error',
      'slow-success',
      'success',
      'unauthorized',
      'unsupported-media-type',
    ]);
    expect(errors['unknown-anywhere.ts']?.[0]).toMatch(/^TS2345: Argument of type '"sever-error"'/);
    expect(errors['wrong-operation.ts']).toEqual([
      `TS2322: Type '"deleteEverything"' is not assignable to type 'keyof MockScenarios | undefined'.`,
    ]);
  }, 60_000);

  it('without the declarations, any string is accepted', async () => {
    const errors = await typeErrors(
      'untyped',
      {
        'untyped.ts': `${PRELUDE}await mock.use('anything', { operation: 'whatever' });\nawait mock.use('any-name');\n`,
      },
      false,
    );
    expect(errors).toEqual({});
  }, 60_000);

  it('gives an operation without scenarios `never`, since the mock refuses to choose one there', async () => {
    const engine = await createMockEngine([BOOKSHELF_SPEC]);
    const text = renderScenarioTypes(engine);
    const ids = engine.specs.flatMap(({ index }) => index.operations.map((o) => o.id));
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) expect(text).toMatch(new RegExp(`\\n {4}("${id}"|${id}): never;\\n`));
    expect(text).not.toContain(' from ');
  });

  it('loads scenarios for the named specs only when --scenarios is not given, and prints to stdout', async () => {
    const { code, stdout } = await runTypes([TOOLZZ_SPEC]);
    expect(code).toBe(0);
    expect(stdout).toContain('createTelegramIntegration:\n      | "success"');
    expect(stdout).not.toContain('createReplicaTelegramIntegration');
    const printed = await runTypes([SENSAY_SPEC, TOOLZZ_SPEC, '--scenarios', SENSAY_SCENARIOS]);
    expect(printed.stdout).toContain('createTelegramIntegration: never;');
    expect(printed.stdout).not.toContain(TOOLZZ_SCENARIOS);
  });

  it('fails with a coded error for a spec that does not exist; --help prints the usage', async () => {
    await expect(runTypes([join(project, 'missing.yaml')])).rejects.toBeInstanceOf(MockgramError);
    expect(await runTypes(['--help'])).toEqual({ code: 0, stdout: `${TYPES_USAGE}\n`, stderr: '' });
  });

  it('without ./specs, types the bundled specs with their bundled scenarios, as `mockgram mock` serves them', async () => {
    const empty = join(project, 'no-specs-here');
    await mkdir(empty, { recursive: true });
    const child = spawn(process.execPath, [CLI, 'types'], { cwd: empty, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exit: unknown[] = await once(child, 'exit');
    expect(exit[0]).toBe(0);
    expect(stdout.replace(/^\/\/ Written by .*\n/, '')).toBe(
      declarations.replace(/^\/\/ Written by .*\n/, ''),
    );
    expect(stdout).not.toContain(': never;');
  });

  it('runs as `mockgram types` with the defaults of `mockgram mock` (./specs, ./scenarios)', async () => {
    const child = spawn(process.execPath, [CLI, 'types'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exit: unknown[] = await once(child, 'exit');
    expect(exit[0]).toBe(0);
    // The header names the files as found; the rest is the same whichever way the inputs were given.
    expect(stdout.replace(/^\/\/ Written by .*\n/, '')).toBe(
      declarations.replace(/^\/\/ Written by .*\n/, ''),
    );
  });
});
