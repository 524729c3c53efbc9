import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI, ROOT } from './paths.ts';

export interface Cli {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

const children: ChildProcess[] = [];

/**
 * Runs `mockgram` from the checkout's sources, without credential lists in the environment. By default in the
 * checkout, so ./specs and ./scenarios are the defaults; `cwd` runs it where a user's project would be.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; command?: string; nodeArgs?: readonly string[] } = {},
): Cli {
  const env = { ...process.env };
  delete env['MOCKGRAM_SENSAY_SECRETS'];
  delete env['MOCKGRAM_TOOLZZ_TOKENS'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.command ?? CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = once(child, 'exit').then(([code]) => (typeof code === 'number' ? code : null));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** The URL from `mockgram listening on http://127.0.0.1:<port>`, once the line is printed. */
export async function listeningUrl(cli: Cli): Promise<string> {
  const pattern = /mockgram listening on (http:\/\/127\.0\.0\.1:(\d+))/;
  for (;;) {
    const found = pattern.exec(cli.stdout());
    if (found?.[1] !== undefined && found[2] !== '0') return found[1];
    if (cli.child.exitCode !== null)
      throw new Error(`mockgram exited ${String(cli.child.exitCode)}: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops every process `runCli` started that is still running (call in `afterEach`). */
export function stopClis(): void {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill();
}
