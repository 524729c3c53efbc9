import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMockApp, MockgramError, type MockApp } from '../../src/index.ts';
import { CLI } from '../support/paths.ts';
import {
  copyToTemp,
  isObject,
  jsonObject,
  objectAt,
  send,
  SENSAY,
  TOOLZZ,
  type JsonObject,
  type TempCopy,
} from './scenarioApis.ts';

let copy: TempCopy;

beforeEach(async () => {
  copy = await copyToTemp();
});

afterEach(async () => {
  await copy.remove();
});

const sensayScenarios = (): string => copy.scenarioFiles[0];

/** Reads the temp copy of the Sensay scenario file, lets `edit` change it, and writes it back. */
async function editSensayScenarios(edit: (scenarios: JsonObject) => void): Promise<void> {
  const file: unknown = parse(await readFile(sensayScenarios(), 'utf8'));
  if (!isObject(file)) throw new Error('not a mapping');
  edit(objectAt(objectAt(objectAt(file, 'operations'), SENSAY.operationId), 'scenarios'));
  await writeFile(sensayScenarios(), stringify(file));
}

async function loadCopy(): Promise<MockApp> {
  return createMockApp({ specs: copy.specs, scenarioFiles: copy.scenarioFiles });
}

const errorOf = async (app: MockApp, scenario: string): Promise<string> =>
  String(jsonObject((await send(app, SENSAY, { headers: { 'X-Mock-Scenario': scenario } })).text)['error']);

describe('app.mockgram.reload()', () => {
  it('picks up an edited scenario file: the answer changes, a new scenario appears', async () => {
    const app = await loadCopy();
    expect(await errorOf(app, 'server-error')).toBe('Internal Server Error');
    await editSensayScenarios((scenarios) => {
      scenarios['server-error'] = { status: 500, body: { error: 'Edited while running' } };
      scenarios['gone-fishing'] = {
        status: 404,
        body: { error: 'Out fishing: {{request.path.replicaUUID}}' },
      };
    });
    expect(await errorOf(app, 'server-error')).toBe('Internal Server Error');
    await app.mockgram.reload();
    expect(await errorOf(app, 'server-error')).toBe('Edited while running');
    expect(await errorOf(app, 'gone-fishing')).toMatch(/^Out fishing: [0-9a-f-]{36}$/);
  });

  it('a removed scenario is gone after the reload: asking for it lists what is left', async () => {
    const app = await loadCopy();
    await editSensayScenarios((scenarios) => {
      Reflect.deleteProperty(scenarios, 'unauthorized');
    });
    await app.mockgram.reload();
    const response = await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'unauthorized' } });
    expect(response.status).toBe(400);
    const problem = jsonObject(response.text);
    expect(String(problem['detail'])).toMatch(/unknown scenario 'unauthorized'.*available: success/);
    expect(problem['valid']).not.toContain('unauthorized');
  });

  it.each([
    { label: 'invalid YAML', text: 'spec: sensay\noperations: [\n' },
    {
      label: 'a scenario body the spec rejects',
      edit: (scenarios: JsonObject) => {
        scenarios['server-error'] = { status: 500, body: { error: 500 } };
      },
    },
    {
      label: 'an unknown step',
      edit: (scenarios: JsonObject) => {
        scenarios['accepted-then-success'] = { steps: ['accepted', 'sucess'] };
      },
    },
    {
      label: 'an undocumented status',
      edit: (scenarios: JsonObject) => {
        scenarios['server-error'] = { status: 503 };
      },
    },
  ])(
    'a broken edit ($label): reload rejects with SCENARIO_INVALID and the previous version keeps answering',
    async (broken) => {
      const app = await loadCopy();
      await editSensayScenarios((scenarios) => {
        scenarios['server-error'] = { status: 500, body: { error: 'Version two' } };
      });
      await app.mockgram.reload();
      expect(await errorOf(app, 'server-error')).toBe('Version two');

      if ('text' in broken) await writeFile(sensayScenarios(), broken.text);
      else await editSensayScenarios(broken.edit);
      const error: unknown = await app.mockgram.reload().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(MockgramError);
      expect(error).toMatchObject({
        code: 'SCENARIO_INVALID',
        message: expect.stringContaining(sensayScenarios()) as unknown,
      });
      expect(await errorOf(app, 'server-error')).toBe('Version two');
      expect(
        (await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'accepted-then-success' } })).status,
      ).toBe(202);
      expect((await send(app, SENSAY)).status).toBe(200);
      expect((await send(app, TOOLZZ)).status).toBe(200);
    },
  );

  it('an edited spec is reloaded too, and a spec edit that breaks a scenario is refused', async () => {
    const app = await loadCopy();
    const spec = await readFile(copy.specs[1], 'utf8');
    await writeFile(copy.specs[1], spec.replaceAll('title: Telegram Support', 'title: Renamed Support'));
    await app.mockgram.reload();
    const example = await send(app, TOOLZZ, { headers: { Prefer: 'code=200, dynamic=false' } });
    expect(jsonObject(example.text)['title']).toBe('Renamed Support');

    const withoutServerError = spec.replace(/\n {8}'500':[\s\S]*?(?=\ncomponents:)/, '');
    expect(withoutServerError).not.toContain("'500':");
    await writeFile(copy.specs[1], withoutServerError);
    await expect(app.mockgram.reload()).rejects.toMatchObject({ code: 'SCENARIO_INVALID' });
    const stillThere = await send(app, TOOLZZ, { headers: { 'X-Mock-Scenario': 'server-error' } });
    expect(stillThere.status).toBe(500);
  });

  it('scenario choices and sequence positions made through the admin API survive a reload', async () => {
    const app = await loadCopy();
    await request(app)
      .put('/__mock/scenarios/active')
      .send({ scenario: 'server-error', session: 'A' })
      .expect(200);
    await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'accepted-then-success' } }).expect(202);
    await app.mockgram.reload();
    expect((await send(app, SENSAY, { headers: { 'X-Mock-Session': 'A' } })).status).toBe(500);
    expect(
      (await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'accepted-then-success' } })).status,
    ).toBe(200);
  });

  it('a request in flight keeps the version it started with, and is answered', async () => {
    const app = await loadCopy();
    let settled = false;
    const inFlight = send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'slow-success' } }).then((r) => {
      settled = true;
      return r;
    });
    // Let it reach the engine before the file changes (it then waits 1.5 s at least).
    await sleep(100);
    await editSensayScenarios((scenarios) => {
      scenarios['slow-success'] = { status: 200, body: { id: 4242 }, delay: 0 };
    });
    await app.mockgram.reload();
    const fresh = await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'slow-success' } });
    expect(jsonObject(fresh.text)['id']).toBe(4242);
    expect(settled).toBe(false);
    const old = await inFlight;
    expect(old.status).toBe(200);
    expect(old.headers['x-mock-scenario']).toBe('slow-success');
    expect(jsonObject(old.text)['id']).not.toBe(4242);
  });
});

/** `mockgram mock --watch` as a child process, with its output collected. */
class WatchedMock {
  output = '';
  readonly child: ChildProcessWithoutNullStreams;

  constructor(args: readonly string[], cwd: string) {
    this.child = spawn(process.execPath, [CLI, 'mock', ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
  }

  /** Polls `check` until it returns a value (bounded); fails with the process output otherwise. */
  async until<T>(
    what: string,
    check: () => Promise<T | undefined> | T | undefined,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`mockgram exited (${this.child.exitCode}):\n${this.output}`);
      const value = await check();
      if (value !== undefined) return value;
      await sleep(50);
    }
    throw new Error(`gave up waiting for ${what}; mockgram said:\n${this.output}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

describe('mockgram mock --watch (end to end)', () => {
  let mock: WatchedMock | undefined;

  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it('reloads an edited scenario file without dropping a request in flight, and survives a broken edit', async () => {
    // The copy's slow-success waits a fixed 4 s, so the reload surely lands while it is in flight, even on a busy machine.
    await editSensayScenarios((scenarios) => {
      scenarios['slow-success'] = { status: 200, delay: 4000 };
    });
    const watched = new WatchedMock(
      [copy.specs[0], copy.specs[1], '--scenarios', copy.scenarioDir, '--port', '0', '--watch'],
      copy.dir,
    );
    mock = watched;
    const url = await watched.until(
      'the listening line',
      () => /mockgram listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(watched.output)?.[1],
    );
    const sensayAt = (headers: Record<string, string> = {}) =>
      fetch(`${url}${SENSAY.path}`, {
        method: 'POST',
        headers: { ...SENSAY.credentials, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(SENSAY.body),
      });
    const idNow = async (): Promise<unknown> => jsonObject(await (await sensayAt()).text())['id'];
    expect(await idNow()).not.toBe(4242);

    let settled = false;
    const inFlight = sensayAt({ 'X-Mock-Scenario': 'slow-success' }).then(async (response) => {
      settled = true;
      return {
        status: response.status,
        scenario: response.headers.get('x-mock-scenario'),
        text: await response.text(),
      };
    });
    // Let the slow request reach the server before the file changes.
    await sleep(200);

    await editSensayScenarios((scenarios) => {
      scenarios['success'] = { status: 200, body: { id: 4242 } };
      scenarios['slow-success'] = { status: 200, body: { id: 4242 }, delay: 4000 };
    });
    await watched.until('the edited answer', async () => ((await idNow()) === 4242 ? true : undefined));
    expect(settled).toBe(false);
    const old = await inFlight;
    expect(old.status).toBe(200);
    expect(old.scenario).toBe('slow-success');
    expect(jsonObject(old.text)['id']).not.toBe(4242);
    expect(watched.output).toContain('reloaded specs and scenarios');

    await writeFile(sensayScenarios(), 'spec: sensay\noperations: [\n');
    await watched.until('the failed reload', () =>
      watched.output.includes('reload failed') ? true : undefined,
    );
    expect(watched.output).toMatch(/reload failed, still serving the previous version: SCENARIO_INVALID/);
    expect(await idNow()).toBe(4242);

    await writeFile(
      sensayScenarios(),
      stringify({
        spec: 'sensay',
        operations: { [SENSAY.operationId]: { scenarios: { success: { status: 200, body: { id: 5353 } } } } },
      }),
    );
    await watched.until('the repaired answer', async () => ((await idNow()) === 5353 ? true : undefined));
  });
});
