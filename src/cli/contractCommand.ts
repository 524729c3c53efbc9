import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderJunit } from '../contract/renderJunit.ts';
import { renderSummary } from '../contract/renderSummary.ts';
import { DEFAULT_TIMEOUT_MS, runContract, type ContractOptions } from '../contract/runContract.ts';
import { toJsonReport } from '../contract/toJsonReport.ts';
import type { HeaderLine } from '../contract/types.ts';
import { describeError, MockgramError } from '../errors.ts';
import { loadScenarioProbes } from '../contract/loadScenarioProbes.ts';
import { listSpecFiles as listScenarioFiles } from './listSpecFiles.ts';

export const CONTRACT_USAGE = `Usage: mockgram contract <SPEC> --target <baseURL> [options]

Sends requests derived from SPEC to a live implementation (valid ones, and ones broken in exactly one way) and
checks every answer against SPEC.

Options:
  --target <url>        base URL that replaces the spec's server URL, path included (required),
                        e.g. http://127.0.0.1:4010/api for a spec whose server URL ends in /api
  --header 'Name: v'    header sent with every request, e.g. credentials (repeatable)
  --param name=value    value for a path parameter (or top-level body property) that must name an existing
                        resource on the target, e.g. --param replicaUUID=... (repeatable)
  --operation <id>      only this operation (repeatable)
  --allow-status <n>    a 4xx that valid requests may get, e.g. 404 (repeatable)
  --seed <n>            same seed, same requests (the seed used is always printed)
  --safe                send only requests that cannot create anything (negative cases; valid requests only
                        for GET/HEAD operations)
  --timeout <ms>        per request (default ${DEFAULT_TIMEOUT_MS})
  --scenarios <path>    scenario file or directory: replay each scenario's \`provoke\` request and report it as
                        verified, drifted or unverifiable
  --show-secrets        print credential header values in curl lines and reports (default: [redacted])
  --strict-assumptions  fail on checks whose expectation rests only on an assumption (x-assumed in the spec,
                        or an HTTP convention it does not state); by default they are reported as warnings
  --junit <file>        also write a JUnit XML report (one test case per operation and check)
  --json <file>         also write a JSON report (every request, curl, answer and check)
  -h, --help            show this help

Exit status: 0 when every check holds (warnings included), 1 when one fails, 2 for a bad spec or bad
arguments.`;

const OPTIONS = {
  target: { type: 'string' },
  header: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  operation: { type: 'string', multiple: true },
  'allow-status': { type: 'string', multiple: true },
  seed: { type: 'string' },
  safe: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'string' },
  scenarios: { type: 'string' },
  'show-secrets': { type: 'boolean', default: false },
  'strict-assumptions': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `mockgram contract`: resolves to the exit code (0 held, 1 broken, 2 bad spec or arguments). */
export async function contractCommand(args: readonly string[]): Promise<number> {
  let options: ContractOptions;
  let files: { junit: string | undefined; json: string | undefined };
  try {
    const parsed = parseContractArgs(args);
    if (parsed === 'help') {
      process.stdout.write(`${CONTRACT_USAGE}\n`);
      return 0;
    }
    ({ options, files } = parsed);
    if (parsed.scenarioPath !== undefined) {
      options = {
        ...options,
        scenarios: await loadScenarioProbes(options.spec, listScenarioFiles(parsed.scenarioPath)),
      };
    }
  } catch (error) {
    return usageError(error);
  }

  let report;
  try {
    report = await runContract(options);
  } catch (error) {
    if (error instanceof MockgramError) return usageError(error);
    throw error;
  }
  process.stdout.write(renderSummary(report));
  try {
    if (files.junit !== undefined) await writeReport(files.junit, renderJunit(report));
    if (files.json !== undefined)
      await writeReport(files.json, `${JSON.stringify(toJsonReport(report), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`mockgram contract: could not write a report: ${describeError(error)}\n`);
    return 2;
  }
  return report.passed ? 0 : 1;
}

type ParsedArgs =
  | 'help'
  | {
      readonly options: ContractOptions;
      readonly files: { junit: string | undefined; json: string | undefined };
      readonly scenarioPath: string | undefined;
    };

/** Turns the command line into runner options; throws `MockgramError` (or a parseArgs error) when it is wrong. */
export function parseContractArgs(args: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  const [spec, ...extra] = positionals;
  if (spec === undefined)
    throw new MockgramError('INVALID_OPTION', 'give the spec: mockgram contract <SPEC>');
  if (extra.length > 0)
    throw new MockgramError('INVALID_OPTION', `one spec at a time (got also ${extra.join(', ')})`);
  if (values.target === undefined)
    throw new MockgramError(
      'INVALID_OPTION',
      '--target <baseURL> is required, e.g. --target http://127.0.0.1:4010',
    );
  return {
    options: {
      spec: resolve(spec),
      target: values.target,
      headers: (values.header ?? []).map(parseHeader),
      params: Object.fromEntries((values.param ?? []).map(parseParam)),
      operations: values.operation,
      allowStatuses: (values['allow-status'] ?? []).map((raw) =>
        parseNumber('--allow-status', raw, 400, 499),
      ),
      seed: values.seed === undefined ? undefined : parseNumber('--seed', values.seed, 0, 2 ** 31 - 1),
      safe: values.safe,
      showSecrets: values['show-secrets'],
      strictAssumptions: values['strict-assumptions'],
      timeoutMs:
        values.timeout === undefined ? undefined : parseNumber('--timeout', values.timeout, 1, 600_000),
    },
    files: { junit: values.junit, json: values.json },
    scenarioPath: values.scenarios === undefined ? undefined : resolve(values.scenarios),
  };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHeader(raw: string): HeaderLine {
  const colon = raw.indexOf(':');
  const name = colon < 0 ? '' : raw.slice(0, colon).trim();
  if (!TOKEN.test(name))
    throw new MockgramError('INVALID_OPTION', `--header must look like 'Name: value' (got '${raw}')`);
  return [name, raw.slice(colon + 1).trim()];
}

function parseParam(raw: string): [string, string] {
  const equals = raw.indexOf('=');
  if (equals <= 0)
    throw new MockgramError('INVALID_OPTION', `--param must look like name=value (got '${raw}')`);
  return [raw.slice(0, equals), raw.slice(equals + 1)];
}

function parseNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    throw new MockgramError(
      'INVALID_OPTION',
      `${flag} must be a whole number from ${min} to ${max} (got '${raw}')`,
    );
  return value;
}

function usageError(error: unknown): number {
  const isArgsError =
    error instanceof MockgramError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  if (!isArgsError) throw error;
  if (error instanceof MockgramError) process.stderr.write(`mockgram contract: ${describeError(error)}\n`);
  else process.stderr.write(`mockgram contract: ${error.message}\n\n${CONTRACT_USAGE}\n`);
  return 2;
}

/** Writes a report, creating its folder (CI jobs often write to a fresh `reports/`). */
async function writeReport(path: string, text: string): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
}
