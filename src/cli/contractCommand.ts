import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderJunit } from '../contract/renderJunit.ts';
import { renderSummary } from '../contract/renderSummary.ts';
import { DEFAULT_TIMEOUT_MS, runContract, type ContractOptions } from '../contract/runContract.ts';
import { toJsonReport } from '../contract/toJsonReport.ts';
import type { HeaderLine } from '../contract/types.ts';
import { describeError, MockgramError } from '../errors.ts';
import { loadScenarioInputs } from '../contract/loadScenarioProbes.ts';
import { listSpecFiles as listScenarioFiles } from './listSpecFiles.ts';
import { packageVersion } from './packageVersion.ts';
import { parseCommandLine, renderOptions, type OptionTable } from './parseCommandLine.ts';

const CONTRACT_OPTIONS = {
  target: {
    type: 'string',
    argument: '<url>',
    description:
      "base URL that replaces the spec's server URL, path included (required),\ne.g. http://127.0.0.1:4010/api for a spec whose server URL ends in /api",
  },
  header: {
    type: 'string',
    argument: "'Name: v'",
    multiple: true,
    description: 'header sent with every request, e.g. credentials (repeatable)',
  },
  param: {
    type: 'string',
    argument: 'name=value',
    multiple: true,
    description:
      'value for a path parameter (or top-level body property) that must name an existing\nresource on the target, e.g. --param replicaUUID=... (repeatable)',
  },
  operation: {
    type: 'string',
    argument: '<id>',
    multiple: true,
    description: 'only this operation (repeatable)',
  },
  'allow-status': {
    type: 'string',
    argument: '<n>',
    multiple: true,
    description: 'a 4xx that valid requests may get, e.g. 404 (repeatable)',
  },
  seed: {
    type: 'string',
    argument: '<n>',
    description: 'same seed, same requests (the seed used is always printed)',
  },
  safe: {
    type: 'boolean',
    default: false,
    description:
      'send only requests that cannot create anything (negative cases; valid requests only\nfor GET/HEAD operations); of the stateful checks only unknown-id (reads) runs',
  },
  stateless: {
    type: 'boolean',
    default: false,
    description:
      'the target keeps no state (e.g. prism mock): skip the stateful checks (read-after-create,\nupdate-then-read, list-after-create, delete-then-read, delete-twice, unknown-id); ids from\ncreate answers are still used',
  },
  timeout: { type: 'string', argument: '<ms>', description: `per request (default ${DEFAULT_TIMEOUT_MS})` },
  scenarios: {
    type: 'string',
    argument: '<path>',
    description:
      "scenario file or directory: replay each scenario's `provoke` request and report it as\nverified, drifted or unverifiable; resources the files declare shape the stateful checks",
  },
  'show-secrets': {
    type: 'boolean',
    default: false,
    description: 'print credential header values in curl lines and reports (default: [redacted])',
  },
  'strict-assumptions': {
    type: 'boolean',
    default: false,
    description:
      'fail on checks whose expectation rests only on an assumption (x-assumed in the spec, or an\nHTTP convention it does not state); by default they are reported as warnings',
  },
  junit: {
    type: 'string',
    argument: '<file>',
    description: 'also write a JUnit XML report (one test case per operation and check)',
  },
  json: {
    type: 'string',
    argument: '<file>',
    description: 'also write a JSON report (every request, curl, answer and check)',
  },
  version: { type: 'boolean', default: false, description: 'print the version' },
  help: { type: 'boolean', short: 'h', default: false, description: 'show this help' },
} as const satisfies OptionTable;

export const CONTRACT_USAGE = `Usage: mockgram contract <SPEC> --target <baseURL> [options]

Sends requests derived from SPEC to a live implementation (valid ones, and ones broken in exactly one way) and
checks every answer against SPEC.

Options:
${renderOptions(CONTRACT_OPTIONS)}

Exit status: 0 when every check holds (warnings included), 1 when one fails (the target drifted from SPEC), 2 for a
bad spec, bad arguments or a set-up problem (target unreachable, wrong base path, missing credentials, not the API).`;

/** `mockgram contract`: resolves to the exit code (0 held, 1 drifted, 2 bad spec, arguments or set-up). */
export async function contractCommand(args: readonly string[]): Promise<number> {
  let options: ContractOptions;
  let files: { junit: string | undefined; json: string | undefined };
  try {
    const parsed = parseContractArgs(args);
    if (parsed === 'help') {
      process.stdout.write(`${CONTRACT_USAGE}\n`);
      return 0;
    }
    if (parsed === 'version') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    ({ options, files } = parsed);
    if (parsed.scenarioPath !== undefined) {
      const inputs = await loadScenarioInputs(options.spec, listScenarioFiles(parsed.scenarioPath));
      options = { ...options, scenarios: inputs.probes, resources: inputs.resources };
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
    if (files.json !== undefined) {
      const json = { ...toJsonReport(report), setupProblem: report.setupProblem ?? null };
      await writeReport(files.json, `${JSON.stringify(json, null, 2)}\n`);
    }
  } catch (error) {
    process.stderr.write(`mockgram contract: could not write a report: ${describeError(error)}\n`);
    return 2;
  }
  if (report.setupProblem) return 2;
  return report.passed ? 0 : 1;
}

type ParsedArgs =
  | 'help'
  | 'version'
  | {
      readonly options: ContractOptions;
      readonly files: { junit: string | undefined; json: string | undefined };
      readonly scenarioPath: string | undefined;
    };

/** Turns the command line into runner options; throws `MockgramError` when it is wrong. */
export function parseContractArgs(args: readonly string[]): ParsedArgs {
  const { values, positionals } = parseCommandLine('contract', CONTRACT_OPTIONS, args);
  if (values.help) return 'help';
  if (values.version) return 'version';
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
      stateless: values.stateless,
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
  if (!(error instanceof MockgramError)) throw error;
  process.stderr.write(`mockgram contract: ${describeError(error)}\n`);
  return 2;
}

/** Writes a report, creating its folder (CI jobs often write to a fresh `reports/`). */
async function writeReport(path: string, text: string): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
}
