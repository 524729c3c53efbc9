import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../bench/freePort.ts';
import { ROOT } from '../support/paths.ts';
import { listeningUrl, runCli, stopClis } from '../support/runCli.ts';

afterEach(stopClis);

/** A stack trace line, as Node prints them: what the command line must never show for a user's mistake. */
const STACK_LINE = /^\s+at .+[(:]/m;

const VERSION = String(
  (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: unknown }).version,
);

describe('mistakes on the command line get one coded error, never a stack trace', () => {
  it.each([
    [
      ['mock', '--prot', '4010'],
      "INVALID_OPTION: unknown option '--prot' for mockgram mock; did you mean --port?",
    ],
    [['mock', '-p', '4010'], "INVALID_OPTION: unknown option '-p' for mockgram mock; did you mean --port?"],
    [['mock', '--port'], 'INVALID_OPTION: --port needs a value'],
    [['mock', '--watch=yes'], 'INVALID_OPTION: --watch takes no value'],
    [['mock', '--on-conflict', 'maybe'], "--on-conflict must be one of override, error (got 'maybe')"],
    [['contract', 'specs/sensay.yaml', '--targte', 'http://127.0.0.1:9'], 'did you mean --target?'],
    [['contract', 'specs', '--target', 'http://127.0.0.1:9'], 'SPEC_NOT_FOUND: '],
    [['mock', 'test'], 'holds no spec'],
  ])('%j exits 2: %s', async (args, message) => {
    const cli = runCli(args);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).not.toMatch(STACK_LINE);
    expect(cli.stdout()).toBe('');
  });

  it('a directory given to contract is named as a directory, not blamed on YAML syntax', async () => {
    const cli = runCli(['contract', 'specs', '--target', 'http://127.0.0.1:9']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toMatch(/specs is a directory; give a spec file/);
    expect(cli.stderr()).not.toMatch(/YAML\/JSON syntax|EISDIR/);
  });

  describe('a port another process holds', () => {
    let holder: Server | undefined;
    afterEach(() => {
      holder?.close();
    });

    it('exits 2 with PORT_IN_USE and what to do', async () => {
      holder = createServer();
      const busy = holder;
      const port = await new Promise<number>((resolve) => {
        busy.listen(0, '127.0.0.1', () => {
          const address = busy.address();
          resolve(typeof address === 'object' && address !== null ? address.port : 0);
        });
      });
      const cli = runCli(['mock', '--port', String(port)]);
      expect(await cli.exit).toBe(2);
      expect(cli.stderr()).toContain(`PORT_IN_USE: 127.0.0.1:${port} is already in use`);
      expect(cli.stderr()).toContain('--port 0 picks a free one');
      expect(cli.stderr()).not.toMatch(STACK_LINE);
      expect(cli.stdout()).not.toContain('listening');
    });
  });
});

describe('--version', () => {
  it.each([[['--version']], [['mock', '--version']], [['contract', '--version']]])(
    '%j prints the package version and exits 0',
    async (args) => {
      const cli = runCli(args);
      expect(await cli.exit).toBe(0);
      expect(cli.stdout()).toBe(`${VERSION}\n`);
    },
  );
});

describe('--log-level silent', () => {
  it('prints nothing at all, not even the listening line, and still serves', async () => {
    const port = await findFreePort();
    const cli = runCli(['mock', '--port', String(port), '--log-level', 'silent']);
    let status = 0;
    while (status === 0) {
      if (cli.child.exitCode !== null) throw new Error(`mockgram exited: ${cli.stderr()}`);
      status = await fetch(`http://127.0.0.1:${port}/__mock/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toBe('');
  });

  it('info prints the start-up lines and says which Node runs it', async () => {
    const cli = runCli(['mock', '--port', '0']);
    await listeningUrl(cli);
    expect(cli.stdout()).toMatch(
      new RegExp(
        `mockgram listening on http://127\\.0\\.0\\.1:\\d+ \\(ready in \\d+ ms, Node ${process.versions.node}\\)`,
      ),
    );
  });
});
