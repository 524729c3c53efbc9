#!/usr/bin/env node
import { describeError, MockgramError } from '../errors.ts';

const USAGE = `Usage: mockgram <command> [options]

Commands:
  mock [SPEC...]               serve specs as a validating mock         (mockgram mock --help)
  contract <SPEC> --target U   check a live implementation against SPEC (mockgram contract --help)
  types [SPEC...]              write scenario name types for mockgram/client (mockgram types --help)
  coverage --target U          what tests exercised on a running mock; a CI gate (mockgram coverage --help)`;

/** Each command is loaded when it runs, so \`mockgram mock\` never pays for the contract runner's imports. */
const COMMANDS: Record<string, (args: readonly string[]) => Promise<number>> = {
  mock: async (args) => {
    const { mockCommand } = await import('./mockCommand.ts');
    await mockCommand(args);
    return 0;
  },
  contract: async (args) => {
    const { contractCommand } = await import('./contractCommand.ts');
    return contractCommand(args);
  },
  types: async (args) => {
    const { typesCommand } = await import('./typesCommand.ts');
    return typesCommand(args);
  },
  coverage: async (args) => {
    const { coverageCommand } = await import('./coverageCommand.ts');
    return coverageCommand(args);
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run)
    throw new MockgramError(
      'INVALID_OPTION',
      `unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`,
    );
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mockgram: ${describeError(error)}\n`);
    const badArguments =
      error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    process.exitCode = error instanceof MockgramError || badArguments ? 2 : 1;
  },
);
