import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLineWriter } from '../../src/log/createLineWriter.ts';
import { createLogger } from '../../src/log/createLogger.ts';
import { jsonRequestLine, prettyRequestLine } from '../../src/log/formatLogLine.ts';
import { CLI, ROOT } from '../support/paths.ts';
import { SENSAY } from '../mock/apis.ts';

const ENTRY = {
  method: 'POST',
  path: '/v1/replicas/x/integrations/telegram?token=[redacted]&q="quoted"\u00e9',
  status: 200,
  durationMs: 1.3,
  scenario: 'success',
};

describe('log lines', () => {
  it('pretty: the one-line text format of today', () => {
    expect(prettyRequestLine(ENTRY)).toBe(
      'POST /v1/replicas/x/integrations/telegram?token=[redacted]&q="quoted"\u00e9 200 1.3ms success',
    );
    expect(prettyRequestLine({ ...ENTRY, fault: 'reset' })).toMatch(/ success fault=reset$/);
  });

  it('json: one parseable object per line, whatever the path holds', () => {
    const line = jsonRequestLine({ ...ENTRY, fault: 'timeout' }, 1_717_000_000_000);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: 1_717_000_000_000,
      level: 'info',
      ...ENTRY,
      fault: 'timeout',
    });
  });

  it('the logger writes request lines at info and debug only, and messages as JSON in json format', () => {
    const lines: string[] = [];
    const push = (line: string): void => {
      lines.push(line);
    };
    for (const level of ['silent', 'error', 'warn'] as const) createLogger(level, push).request(ENTRY);
    expect(lines).toEqual([]);
    createLogger('info', push).request(ENTRY);
    createLogger('debug', push, 'json').request(ENTRY);
    createLogger('warn', push, 'json').warn('careful "here"');
    expect(lines[0]).toBe(prettyRequestLine(ENTRY));
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ level: 'info', ...ENTRY });
    expect(JSON.parse(lines[2] ?? '')).toMatchObject({ level: 'warn', msg: 'careful "here"' });
  });
});

describe('the batching writer', () => {
  it('writes every line of one event-loop turn in one batch, in order, after the turn', async () => {
    const batches: string[] = [];
    const writer = createLineWriter((text) => batches.push(text));
    for (let i = 0; i < 100; i++) writer.write(`line ${i}`);
    expect(batches).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.split('\n').slice(0, -1)).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
    writer.write('later');
    writer.flush();
    expect(batches[1]).toBe('later\n');
  });

  it('writes at once when a slow reader lets a megabyte pile up', () => {
    const batches: string[] = [];
    const writer = createLineWriter((text) => batches.push(text));
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 1024; i++) writer.write(line);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.length).toBe(1024 * 1024);
  });

  it('writes what is still queued when the process exits', async () => {
    // The lines are queued and the process exits in the same turn: only the exit hook can write them.
    const script = `
      import { fdLineWriter } from ${JSON.stringify(`${ROOT}/src/log/createLineWriter.ts`)};
      const writer = fdLineWriter(1);
      for (let i = 0; i < 5000; i++) writer.write('queued ' + i);
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const lines = out.split('\n').slice(0, -1);
    expect(lines).toHaveLength(5000);
    expect(lines.at(-1)).toBe('queued 4999');
  });
});

const SECRET = 'log-secret-Q7z9';
const CONNECTIONS = 8;

interface Load {
  /** Requests answered, as seen by the client. */
  readonly answered: number;
  readonly sent: number;
}

/** Keeps CONNECTIONS keep-alive connections busy with valid and invalid requests until one is refused. */
async function loadUntilRefused(origin: string, onStarted: () => void): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let answered = 0;
  let sent = 0;
  let stopped = false;
  const one = (i: number): Promise<boolean> =>
    new Promise((resolve) => {
      sent++;
      const invalid = i % 3 === 0;
      const body = JSON.stringify(invalid ? { mention: 'x' } : SENSAY.body);
      const call = request(
        `${origin}${SENSAY.path}?token=${SECRET}&n=${i}`,
        {
          method: 'POST',
          agent,
          headers: { ...SENSAY.credentials, 'Content-Type': 'application/json', 'X-Request-Secret': SECRET },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            answered++;
            resolve(true);
          });
          response.on('error', () => {
            resolve(false);
          });
        },
      );
      call.on('error', () => {
        resolve(false);
      });
      call.end(body);
    });
  let started = false;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, lane) => {
      for (let i = lane; !stopped; i += CONNECTIONS) {
        if (!(await one(i))) stopped = true;
        if (!started && answered >= 300) {
          started = true;
          onStarted();
        }
      }
    }),
  );
  agent.destroy();
  return { answered, sent };
}

describe.each(['pretty', 'json'] as const)('mockgram mock --log-format %s under load', (format) => {
  it('loses no line on SIGTERM: every answered request is logged, complete and without secrets', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'mock',
        'specs/sensay.yaml',
        '--port',
        '0',
        '--log-format',
        format,
        '--scenarios',
        'scenarios/sensay.yaml',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = once(child, 'exit');
    let origin: string | undefined;
    while (origin === undefined) {
      origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (child.exitCode !== null) throw new Error(`mockgram exited: ${err}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const load = await loadUntilRefused(origin, () => child.kill('SIGTERM'));
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(load.answered).toBeGreaterThan(300);

    const lines = out.split('\n').slice(0, -1);
    expect(out.endsWith('\n')).toBe(true);
    const requestLines = lines.filter((line) => line.includes(SENSAY.path));
    // Every answer the client got is in the log (and nothing the server never answered).
    expect(requestLines.length).toBeGreaterThanOrEqual(load.answered);
    expect(requestLines.length).toBeLessThanOrEqual(load.sent);
    expect(out).not.toContain(SECRET);
    if (format === 'json') {
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const requests = parsed.filter((entry) => 'status' in entry);
      expect(requests).toHaveLength(requestLines.length);
      expect(new Set(requests.map((entry) => entry['status']))).toEqual(new Set([200, 400]));
      expect(parsed.at(-1)).toMatchObject({
        level: 'info',
        msg: expect.stringMatching(/^SIGTERM: /) as unknown,
      });
    } else {
      for (const line of requestLines)
        expect(line).toMatch(/^POST \/v1\/\S+\?token=\S*redacted\S*&n=\d+ (200|400) \d+(\.\d+)?ms \S+$/);
      expect(lines.at(-1)).toMatch(/^SIGTERM: finishing in-flight requests/);
    }
  }, 30_000);
});
