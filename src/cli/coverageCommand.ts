import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectMock } from '../client/connectMock.ts';
import { MockClientError } from '../client/MockClientError.ts';
import { MockgramError } from '../errors.ts';
import { evaluateCoverage, type CoverageThresholds } from '../gate/evaluateCoverage.ts';
import { renderCoverageCtrf } from '../gate/renderCoverageCtrf.ts';
import { renderCoverageJunit } from '../gate/renderCoverageJunit.ts';
import { renderCoverageTable } from '../gate/renderCoverageTable.ts';

export const COVERAGE_USAGE = `Usage: mockgram coverage --target <url> [options]

Reads what the tests exercised from a running mock (GET <url>/__mock/coverage), prints it as a table, writes
JUnit and CTRF reports, and fails when a threshold is not met.

Options:
  --target <url>          where the mock listens, e.g. http://127.0.0.1:4010 (required)
  --session <id>          one session's requests (default: every request; 'default': those without a session)
  --token <t>             admin token when the mock listens off loopback (default: $MOCKGRAM_ADMIN_TOKEN)
  --min-operations <pct>  fail unless at least pct% of the operations were called
  --min-statuses <pct>    fail unless at least pct% of the documented statuses were answered
  --min-scenarios <pct>   fail unless at least pct% of the scenarios were used
  --fail-on-unmatched     fail when any request hit no route or was refused by validation
  --junit <file>          write JUnit XML: a test per operation, documented status, scenario and threshold
  --ctrf <file>           write CTRF JSON (Common Test Report Format) with the same tests
  --timeout <ms>          how long to wait for the mock (default 10000)
  -h, --help              show this help

An operation, status or scenario never exercised is a failed test when its threshold is not met, else skipped.
Exit status: 0 every threshold met, 1 a threshold not met, 2 bad arguments, a target that cannot be read, or a
report that cannot be written.`;

const OPTIONS = {
  target: { type: 'string' },
  session: { type: 'string' },
  token: { type: 'string' },
  'min-operations': { type: 'string' },
  'min-statuses': { type: 'string' },
  'min-scenarios': { type: 'string' },
  'fail-on-unmatched': { type: 'boolean', default: false },
  junit: { type: 'string' },
  ctrf: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface CoverageArgs {
  readonly target: string;
  readonly session: string | undefined;
  readonly token: string | undefined;
  readonly thresholds: CoverageThresholds;
  readonly junit: string | undefined;
  readonly ctrf: string | undefined;
  readonly timeoutMs: number;
}

/** `mockgram coverage`: resolves to the exit code (0 met, 1 a threshold not met, 2 usage, target or file problem). */
export async function coverageCommand(args: readonly string[]): Promise<number> {
  let parsed: CoverageArgs | 'help';
  try {
    parsed = parseCoverageArgs(args, process.env['MOCKGRAM_ADMIN_TOKEN']);
  } catch (error) {
    const badArguments =
      error instanceof MockgramError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (!badArguments) throw error;
    process.stderr.write(`mockgram coverage: ${error.message}\n\n${COVERAGE_USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${COVERAGE_USAGE}\n`);
    return 0;
  }

  const start = Date.now();
  let report;
  try {
    const mock = connectMock({ baseUrl: parsed.target, token: parsed.token, timeoutMs: parsed.timeoutMs });
    report = await mock.coverage({ session: parsed.session ?? null });
  } catch (error) {
    if (!(error instanceof MockgramError)) throw error;
    process.stderr.write(
      `mockgram coverage: ${error instanceof MockClientError ? error.message : `${error.code}: ${error.message}`}\n`,
    );
    return 2;
  }
  const stop = Date.now();

  const result = evaluateCoverage(report, parsed.thresholds);
  process.stdout.write(renderCoverageTable(result, { target: parsed.target }));
  try {
    if (parsed.junit !== undefined)
      await writeReport(
        parsed.junit,
        renderCoverageJunit(result, { target: parsed.target, timestamp: new Date(start) }),
      );
    if (parsed.ctrf !== undefined)
      await writeReport(
        parsed.ctrf,
        `${JSON.stringify(renderCoverageCtrf(result, { target: parsed.target, start, stop }), null, 2)}\n`,
      );
  } catch (error) {
    process.stderr.write(
      `mockgram coverage: could not write a report: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  for (const verdict of result.verdicts)
    if (!verdict.met) process.stderr.write(`mockgram coverage: ${verdict.message}\n`);
  return result.passed ? 0 : 1;
}

/** The command line as options; throws `MockgramError` (or a parseArgs error) when it is wrong. */
export function parseCoverageArgs(
  args: readonly string[],
  tokenFromEnvironment: string | undefined,
): CoverageArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `unexpected argument ${positionals.join(' ')}; give the mock with --target <url>`,
    );
  if (values.target === undefined)
    throw new MockgramError(
      'INVALID_OPTION',
      '--target <url> is required, e.g. --target http://127.0.0.1:4010',
    );
  if (!/^https?:\/\/[^/]/i.test(values.target))
    throw new MockgramError(
      'INVALID_OPTION',
      `--target must be an http(s) URL such as http://127.0.0.1:4010 (got '${values.target}')`,
    );
  const timeout = values.timeout ?? '10000';
  const timeoutMs = Number(timeout);
  if (!/^\d+$/.test(timeout) || timeoutMs < 1 || timeoutMs > 600_000)
    throw new MockgramError(
      'INVALID_OPTION',
      `--timeout must be a whole number of milliseconds from 1 to 600000 (got '${timeout}')`,
    );
  return {
    target: values.target,
    session: values.session,
    token: values.token ?? (tokenFromEnvironment === '' ? undefined : tokenFromEnvironment),
    thresholds: {
      minOperations: percent('--min-operations', values['min-operations']),
      minStatuses: percent('--min-statuses', values['min-statuses']),
      minScenarios: percent('--min-scenarios', values['min-scenarios']),
      failOnUnmatched: values['fail-on-unmatched'],
    },
    junit: values.junit,
    ctrf: values.ctrf,
    timeoutMs,
  };
}

function percent(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(raw) || value > 100)
    throw new MockgramError('INVALID_OPTION', `${flag} must be a percentage from 0 to 100 (got '${raw}')`);
  return value;
}

/** Writes a report, creating its folder (CI jobs often write to a fresh `reports/`). */
async function writeReport(path: string, text: string): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
}
