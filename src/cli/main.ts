#!/usr/bin/env node
import { describeError, MockgramError } from '../errors.ts';
import { mockCommand, MOCK_USAGE } from './mockCommand.ts';

const USAGE = `Usage: mockgram <command> [options]

Commands:
  mock [SPEC...]      serve specs as a validating mock (mockgram mock --help)

${MOCK_USAGE}`;

const COMMANDS: Record<string, (args: readonly string[]) => Promise<void>> = { mock: mockCommand };

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const run = COMMANDS[command];
  if (!run)
    throw new MockgramError(
      'INVALID_OPTION',
      `unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`,
    );
  await run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`mockgram: ${describeError(error)}\n`);
  process.exitCode =
    error instanceof MockgramError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      ? 2
      : 1;
});
