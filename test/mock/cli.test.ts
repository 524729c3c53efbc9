import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../support/paths.ts';
import { jsonObject, SENSAY, TOOLZZ, UUID } from './apis.ts';

interface Cli {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

const children: ChildProcess[] = [];

/** Runs `mockgram` from the checkout (so ./specs and ./scenarios are the defaults), without credential lists. */
function runCli(args: readonly string[]): Cli {
  const env = { ...process.env };
  delete env['MOCKGRAM_SENSAY_SECRETS'];
  delete env['MOCKGRAM_TOOLZZ_TOKENS'];
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
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
async function listeningUrl(cli: Cli): Promise<string> {
  const pattern = /mockgram listening on (http:\/\/127\.0\.0\.1:(\d+))/;
  for (;;) {
    const found = pattern.exec(cli.stdout());
    if (found?.[1] !== undefined && found[2] !== '0') return found[1];
    if (cli.child.exitCode !== null)
      throw new Error(`mockgram exited ${String(cli.child.exitCode)}: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill();
});

describe('mockgram mock', () => {
  it('serves both default specs on a free port and exits 0 on SIGTERM', async () => {
    const cli = runCli(['mock', '--port', '0', '--log-level', 'info']);
    const url = await listeningUrl(cli);

    const sensay = await fetch(`${url}${SENSAY.path}`, {
      method: 'POST',
      headers: { ...SENSAY.credentials, 'Content-Type': 'application/json' },
      body: JSON.stringify(SENSAY.body),
    });
    expect(sensay.status).toBe(200);
    const created = jsonObject(await sensay.text());
    expect(created['success']).toBe(true);
    expect(sensay.headers.get('x-api-version')).toBe('2025-03-25');

    const toolzz = await fetch(`${url}${TOOLZZ.path}`, {
      method: 'POST',
      headers: { ...TOOLZZ.credentials, 'Content-Type': 'application/json' },
      body: JSON.stringify(TOOLZZ.body),
    });
    expect(toolzz.status).toBe(200);
    const integration = jsonObject(await toolzz.text());
    expect(integration['id']).toMatch(UUID);
    expect(integration['botId']).toBe(TOOLZZ.body['botId']);

    // --log-level info: one line per request on stdout.
    await expect.poll(() => cli.stdout()).toMatch(new RegExp(`POST ${TOOLZZ.path} 200 `));
    expect(cli.stdout()).toContain(`POST ${SENSAY.path} 200 `);

    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it.each([
    [['mock', '--port', 'abc'], '--port'],
    [['mock', '--port', '70000'], '--port'],
    [['mock', '--log-level', 'loud'], '--log-level'],
    [['mock', '--no-such-flag'], 'no-such-flag'],
    [['serve'], "unknown command 'serve'"],
  ])('%j exits 2 with a message naming the problem', async (args, named) => {
    const cli = runCli(args);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain(named);
    expect(cli.stdout()).not.toContain('listening');
  });
});
