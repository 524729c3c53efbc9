#!/usr/bin/env node
import { describeError, MockgramError } from '../errors.ts';
import { nodeVersionProblem } from './nodeVersion.ts';

const USAGE = `Usage: mockgram <command> [options]

Commands:
  mock [SPEC...]               serve specs as a validating mock         (mockgram mock --help)
  proxy [SPEC...] --upstream U validate real traffic, report drift, record (mockgram proxy --help)
  contract <SPEC> --target U   check a live implementation against SPEC (mockgram contract --help)
  types [SPEC...]              write scenario name types for mockgram/client (mockgram types --help)
  coverage --target U          what tests exercised on a running mock; a CI gate (mockgram coverage --help)

Options:
  --version                    print the version
  -h, --help                   show this help`;

/** Each command is loaded when it runs, so \`mockgram mock\` never pays for the contract runner's imports. */
const COMMANDS: Record<string, (args: readonly string[]) => Promise<number>> = {
  mock: async (args) => {
    const { mockCommand } = await import('./mockCommand.ts');
    await mockCommand(args);
    return 0;
  },
  proxy: async (args) => {
    const { proxyCommand } = await import('./proxyCommand.ts');
    await proxyCommand(args);
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
  if (command === '--version') {
    const { packageVersion } = await import('./packageVersion.ts');
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run)
    throw new MockgramError(
      'INVALID_OPTION',
      `unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')} (mockgram --help)`,
    );
  return run(rest);
}

// Checked before any command module loads, so an old Node gets one line saying what to do instead of a failure.
const tooOld = nodeVersionProblem();
if (tooOld === undefined) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mockgram: ${describeError(error)}\n`);
      process.exitCode = error instanceof MockgramError ? 2 : 1;
    },
  );
} else {
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = 2;
}
