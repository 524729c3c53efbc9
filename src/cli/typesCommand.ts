import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderScenarioTypes } from '../codegen/renderScenarioTypes.ts';
import { createMockEngine } from '../engine/createMockEngine.ts';
import { MockgramError } from '../errors.ts';
import { resolveMockFiles } from './resolveMockFiles.ts';

export const TYPES_USAGE = `Usage: mockgram types [SPEC...] [options]

Writes TypeScript declarations for mockgram/client and mockgram/msw: every operation id of SPEC (default: every
spec in ./specs, else the specs bundled with mockgram) and, per operation, its scenario names as a string union, so
that a wrong operation or scenario name in \`use()\` fails tsc in your project.

Options:
  --scenarios <path>  scenario file or directory (default: ./scenarios when it exists, else the bundled
                      scenarios when the bundled specs are used)
  --out <file>        write the declarations here, e.g. --out src/mockgram.d.ts (default: standard output)
  -h, --help          show this help

Exit status: 0 written, 2 for a bad spec, scenario file or argument.`;

const OPTIONS = {
  scenarios: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `mockgram types`: loads specs and scenarios as `mockgram mock` does and writes the `.d.ts`. */
export async function typesCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${TYPES_USAGE}\n`);
    return 0;
  }
  // What `mockgram mock` would serve: without ./specs, the bundled specs with their bundled scenarios.
  const { specs, scenarioFiles, scenarioOrigin } = resolveMockFiles(positionals, values.scenarios);
  const engine = await createMockEngine(specs, {
    scenarioFiles,
    skipScenariosForOtherSpecs: scenarioOrigin !== 'option',
  });
  const sources = [...specs, ...engine.catalog.files].map((file) => relative(process.cwd(), file));
  const text = renderScenarioTypes(engine, { sources });
  if (values.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  const target = resolve(values.out);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  } catch (cause) {
    throw new MockgramError(
      'INVALID_OPTION',
      `--out: cannot write ${target}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  process.stderr.write(`mockgram types: wrote ${relative(process.cwd(), target) || target}\n`);
  return 0;
}
