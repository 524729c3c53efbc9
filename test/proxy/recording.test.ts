import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import type { RecordingFiles } from '../../src/proxy/createRecorder.ts';
import { createMockServer } from '../../src/server/createMockServer.ts';
import {
  call,
  ORGANIZATION_SECRET,
  SENSAY_BODY,
  SENSAY_BOT_TOKEN,
  SENSAY_HEADERS,
  SENSAY_PATH,
  SPECS,
  startProxyRun,
  TOOLZZ_BODY,
  TOOLZZ_BOT_TOKEN,
  TOOLZZ_HEADERS,
  TOOLZZ_PATH,
  TOOLZZ_TOKEN,
  UNIT,
  type ProxyRun,
} from './proxyTargets.ts';

let run: ProxyRun | undefined;
let mock: RunningServer | undefined;
const directories: string[] = [];
afterEach(async () => {
  await run?.close();
  await mock?.close();
  run = undefined;
  mock = undefined;
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'mockgram-record-'));
  directories.push(directory);
  return directory;
}

/** The answer with every `botToken` field as the recording keeps it. */
function withoutBotToken(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBotToken);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      key === 'botToken' ? '[redacted]' : withoutBotToken(field),
    ]),
  );
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

interface RecordedFile {
  spec: string;
  operations: Record<
    string,
    {
      scenarios: Record<
        string,
        { status: number; body?: unknown; headers?: Record<string, string>; verbatim: boolean }
      >;
    }
  >;
}

const WRONG_SECRET = 'wrong-organization-secret-1234';
const WRONG_BEARER = 'wrong-toolzz-bearer-5678';

/** Valid traffic for every operation, then some that breaks the spec; each answer as the client got it, by operation. */
async function recordTraffic(base: string): Promise<Map<string, unknown[]>> {
  const received = new Map<string, unknown[]>();
  const send = async (
    operation: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const response = await call(base, method, path, headers, body);
    const text = await response.text();
    received.set(operation, [...(received.get(operation) ?? []), text === '' ? undefined : JSON.parse(text)]);
    return text;
  };
  await send('createReplicaTelegramIntegration', 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY);
  await send('createReplicaTelegramIntegration', 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY);
  await send('deleteReplicaTelegramIntegration', 'DELETE', SENSAY_PATH, SENSAY_HEADERS);
  const created = JSON.parse(
    await send('createTelegramIntegration', 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY),
  ) as {
    id: string;
  };
  await send('getTelegramIntegration', 'GET', `${TOOLZZ_PATH}/${created.id}`, TOOLZZ_HEADERS);
  await send('updateTelegramIntegration', 'PUT', `${TOOLZZ_PATH}/${created.id}`, TOOLZZ_HEADERS, {
    botId: TOOLZZ_BODY.botId,
    unitId: UNIT,
    title: 'Renamed',
    scope: 'private',
  });
  await send('listTelegramIntegrationsByUnit', 'GET', `${TOOLZZ_PATH}/unit/${UNIT}`, TOOLZZ_HEADERS);
  // Drift: credentials and tokens in requests that break the spec must not reach the drift file either.
  await send(
    'x',
    'POST',
    SENSAY_PATH,
    { 'X-ORGANIZATION-SECRET': WRONG_SECRET },
    { telegram_token: SENSAY_BOT_TOKEN },
  );
  await send(
    'x',
    'POST',
    TOOLZZ_PATH,
    { Authorization: `Bearer ${WRONG_BEARER}` },
    { ...TOOLZZ_BODY, scope: 'nobody' },
  );
  await send(
    'x',
    'POST',
    `${TOOLZZ_PATH}?api_key=${TOOLZZ_TOKEN}`,
    { Cookie: `session=${ORGANIZATION_SECRET}` },
    TOOLZZ_BODY,
  );
  return received;
}

async function flush(base: string): Promise<RecordingFiles> {
  return (await (await fetch(`${base}/__mock/record/flush`, { method: 'POST' })).json()) as RecordingFiles;
}

describe('--record', () => {
  it('writes valid exchanges as scenarios and the others as drift, with no credential in any file', async () => {
    const directory = tempDirectory();
    run = await startProxyRun({ recordDirectory: directory });
    await recordTraffic(run.url);
    const files = await flush(run.url);
    expect(files).toMatchObject({ recorded: 7, drift: 3, dropped: 0 });
    expect(
      filesUnder(directory)
        .map((f) => f.slice(directory.length + 1))
        .sort(),
    ).toEqual(['drift/sensay.yaml', 'drift/toolzz.yaml', 'sensay.recorded.yaml', 'toolzz.recorded.yaml']);
    const everything = filesUnder(directory)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const secret of [
      ORGANIZATION_SECRET,
      TOOLZZ_TOKEN,
      SENSAY_BOT_TOKEN,
      TOOLZZ_BOT_TOKEN,
      WRONG_SECRET,
      WRONG_BEARER,
    ])
      expect(everything, secret).not.toContain(secret);
    const sensay = parseYaml(readFileSync(join(directory, 'sensay.recorded.yaml'), 'utf8')) as RecordedFile;
    expect(Object.keys(sensay.operations.createReplicaTelegramIntegration?.scenarios ?? {})).toEqual([
      'create-replica-telegram-integration-200',
      'create-replica-telegram-integration-200-2',
    ]);
    const drift = parseYaml(readFileSync(join(directory, 'drift/toolzz.yaml'), 'utf8')) as { drift: boolean };
    expect(drift.drift).toBe(true);
  });

  it('a recording loads in the mock and replays exactly what was recorded', async () => {
    const directory = tempDirectory();
    run = await startProxyRun({ recordDirectory: directory });
    const received = await recordTraffic(run.url);
    await flush(run.url);
    const server = await createMockServer({
      specs: SPECS,
      scenarioFiles: readdirSync(directory)
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => join(directory, name)),
    });
    mock = await startServer(server.control.listener, '127.0.0.1', 0);
    const requests: Record<string, [string, string, Record<string, string>, unknown]> = {
      createReplicaTelegramIntegration: ['POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY],
      deleteReplicaTelegramIntegration: ['DELETE', SENSAY_PATH, SENSAY_HEADERS, undefined],
      createTelegramIntegration: ['POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY],
      getTelegramIntegration: ['GET', `${TOOLZZ_PATH}/${UNIT}`, TOOLZZ_HEADERS, undefined],
      updateTelegramIntegration: [
        'PUT',
        `${TOOLZZ_PATH}/${UNIT}`,
        TOOLZZ_HEADERS,
        { botId: TOOLZZ_BODY.botId, unitId: UNIT, title: 'x', scope: 'both' },
      ],
      listTelegramIntegrationsByUnit: ['GET', `${TOOLZZ_PATH}/unit/${UNIT}`, TOOLZZ_HEADERS, undefined],
    };
    let replayed = 0;
    for (const spec of ['sensay', 'toolzz']) {
      const file = parseYaml(readFileSync(join(directory, `${spec}.recorded.yaml`), 'utf8')) as RecordedFile;
      for (const [operationId, { scenarios }] of Object.entries(file.operations)) {
        const [method, path, headers, body] = requests[operationId] ?? ['GET', '/', {}, undefined];
        for (const [name, scenario] of Object.entries(scenarios)) {
          const response = await call(mock.url, method, path, { ...headers, 'X-Mock-Scenario': name }, body);
          expect(response.status, name).toBe(scenario.status);
          expect(response.headers.get('x-mock-scenario')).toBe(name);
          const text = await response.text();
          expect(text === '' ? undefined : JSON.parse(text), name).toEqual(scenario.body);
          for (const [header, value] of Object.entries(scenario.headers ?? {}))
            expect(response.headers.get(header)).toBe(value);
          replayed++;
        }
        // What was recorded is what the client got, secrets aside.
        const got = (received.get(operationId) ?? []).map(withoutBotToken);
        expect(Object.values(scenarios).map((s) => s.body)).toEqual(got);
      }
    }
    expect(replayed).toBe(7);
  });

  it('writes on its own shortly after an exchange, without a flush', async () => {
    const directory = tempDirectory();
    run = await startProxyRun({ recordDirectory: directory });
    await (await call(run.url, 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY)).arrayBuffer();
    const file = join(directory, 'sensay.recorded.yaml');
    for (let waited = 0; waited < 5_000 && !filesUnder(directory).includes(file); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(file, 'utf8')).toContain('create-replica-telegram-integration-200');
  });

  it('extends a recording already in the directory instead of overwriting it', async () => {
    const directory = tempDirectory();
    run = await startProxyRun({ recordDirectory: directory });
    await (await call(run.url, 'POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY)).arrayBuffer();
    await flush(run.url);
    await run.close();
    run = await startProxyRun({ recordDirectory: directory });
    await (await call(run.url, 'DELETE', SENSAY_PATH, SENSAY_HEADERS)).arrayBuffer();
    await flush(run.url);
    const file = parseYaml(readFileSync(join(directory, 'sensay.recorded.yaml'), 'utf8')) as RecordedFile;
    expect(Object.keys(file.operations).sort()).toEqual([
      'createReplicaTelegramIntegration',
      'deleteReplicaTelegramIntegration',
    ]);
  });
});

describe('verbatim scenarios', () => {
  it('are sent exactly as written: no generated fields merged in, no template filled, no state', async () => {
    const directory = tempDirectory();
    const file = join(directory, 'toolzz.recorded.yaml');
    const body = {
      id: '0b7e4d3c-2a1f-4e9d-8c7b-6a5f4e3d2c1b',
      botId: TOOLZZ_BODY.botId,
      unitId: UNIT,
      title: 'Literally {{request.body.title}}',
      isActive: false,
      botToken: '[redacted]',
      isTokenMasked: true,
      scope: 'groups',
      welcomeMessage: '',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      deletedAt: null,
    };
    writeFileSync(
      file,
      JSON.stringify({
        spec: 'toolzz',
        operations: {
          getTelegramIntegration: { scenarios: { recorded: { status: 200, verbatim: true, body } } },
        },
      }),
    );
    const server = await createMockServer({ specs: SPECS, scenarioFiles: [file] });
    mock = await startServer(server.control.listener, '127.0.0.1', 0);
    // Nothing was created, so without `verbatim` the state stage would answer 404.
    const response = await call(mock.url, 'GET', `${TOOLZZ_PATH}/${UNIT}`, {
      ...TOOLZZ_HEADERS,
      'X-Mock-Scenario': 'recorded',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });
});
