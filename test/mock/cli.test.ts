import { afterEach, describe, expect, it } from 'vitest';
import { listeningUrl, runCli, stopClis } from '../support/runCli.ts';
import { jsonObject, SENSAY, TOOLZZ, UUID } from './apis.ts';

afterEach(stopClis);

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
