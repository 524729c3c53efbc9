import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import {
  APIS,
  copyToTemp,
  isObject,
  jsonObject,
  objectsAt,
  SCENARIO_FILES,
  SENSAY,
  SPECS,
  type JsonObject,
  type ScenarioApi,
  type TempCopy,
} from './scenarioApis.ts';

type Exchange =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly bytes: Buffer;
    }
  | { readonly kind: 'error'; readonly code: string | undefined; readonly message: string }
  | { readonly kind: 'timeout'; readonly responded: boolean; readonly bytesRead: number };

/**
 * One POST over a fresh socket, reporting what a real client sees: a response (read to the end), a connection error,
 * or its own timeout firing first.
 */
function exchange(
  baseUrl: string,
  api: ScenarioApi,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Exchange> {
  const body = JSON.stringify(api.body);
  return new Promise((resolve) => {
    let settled = false;
    let responded = false;
    const settle = (outcome: Exchange): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const outgoing = httpRequest(
      new URL(api.path, baseUrl),
      {
        method: 'POST',
        agent: false,
        headers: {
          ...api.credentials,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (response) => {
        responded = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          settle({
            kind: 'response',
            status: response.statusCode ?? 0,
            headers: flat,
            bytes: Buffer.concat(chunks),
          });
        });
        response.on('error', (error: NodeJS.ErrnoException) => {
          settle({ kind: 'error', code: error.code, message: error.message });
        });
      },
    );
    outgoing.setTimeout(timeoutMs, () => {
      settle({ kind: 'timeout', responded, bytesRead: outgoing.socket?.bytesRead ?? 0 });
      outgoing.destroy();
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      settle({ kind: 'error', code: error.code, message: error.message });
    });
    outgoing.end(body);
  });
}

let mock: StartedMock;
let delays: StartedMock;
let copy: TempCopy;

beforeAll(async () => {
  mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  copy = await copyToTemp();
  await writeFile(
    copy.scenarioFiles[0],
    `spec: sensay
operations:
  createReplicaTelegramIntegration:
    scenarios:
      success: { status: 200 }
      pause-fixed: { status: 200, delay: 250 }
      pause-range: { status: 500, delay: { min: 100, max: 200 } }
      pause-then-reset: { fault: reset, delay: 100 }
`,
  );
  delays = await startMock({ specs: SPECS, scenarioFiles: [copy.scenarioFiles[0]] });
});

afterAll(async () => {
  await Promise.all([mock.close(), delays.close()]);
  await copy.remove();
});

beforeEach(async () => {
  expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
});

/** The newest journal entry of a server. */
async function lastRequest(server: StartedMock): Promise<JsonObject> {
  const listed = jsonObject(await (await fetch(`${server.url}/__mock/requests?limit=1`)).text());
  const [entry] = objectsAt(listed, 'requests');
  if (!entry) throw new Error('the journal is empty');
  return entry;
}

async function choose(api: ScenarioApi, scenario: string): Promise<void> {
  const response = await fetch(`${mock.url}/__mock/scenarios/active`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scenario, operation: api.operationId }),
  });
  expect(response.status).toBe(200);
}

/** Each fault reached through the header and through the admin API. */
const ROUTES = [
  {
    label: 'X-Mock-Scenario',
    through: (_api: ScenarioApi, scenario: string): Promise<Record<string, string>> =>
      Promise.resolve({ 'X-Mock-Scenario': scenario }),
  },
  {
    label: 'the admin API',
    through: async (api: ScenarioApi, scenario: string): Promise<Record<string, string>> => {
      await choose(api, scenario);
      return {};
    },
  },
] as const;

describe.each(APIS)('$name: faults seen by a real client', (api) => {
  describe.each(ROUTES)('through $label', ({ through }) => {
    it('connection-reset: the client gets a connection error and no response', async () => {
      const outcome = await exchange(mock.url, api, await through(api, 'connection-reset'), 5_000);
      if (outcome.kind !== 'error')
        throw new Error(`expected a connection error, got ${JSON.stringify(outcome)}`);
      expect(outcome.code === 'ECONNRESET' || /socket hang up/.test(outcome.message)).toBe(true);
      expect(await lastRequest(mock)).toMatchObject({ scenario: 'connection-reset', status: 0, valid: true });
    });

    it("no-answer: the client's own timeout fires and nothing at all was received", async () => {
      const outcome = await exchange(mock.url, api, await through(api, 'no-answer'), 300);
      expect(outcome).toEqual({ kind: 'timeout', responded: false, bytesRead: 0 });
      expect(await lastRequest(mock)).toMatchObject({ scenario: 'no-answer', status: 0 });
    });

    it('malformed-json: 200 whose body is cut JSON, with a Content-Length equal to the bytes received', async () => {
      const outcome = await exchange(mock.url, api, await through(api, 'malformed-json'), 5_000);
      if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
      expect(outcome.status).toBe(200);
      expect(outcome.headers['x-mock-scenario']).toBe('malformed-json');
      expect(outcome.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(outcome.headers['content-length'])).toBe(outcome.bytes.length);
      expect(outcome.bytes.length).toBeGreaterThan(0);
      const text = outcome.bytes.toString('utf8');
      expect(text.startsWith('{')).toBe(true);
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
      expect(await lastRequest(mock)).toMatchObject({ scenario: 'malformed-json', status: 200 });
    });
  });

  it('slow-success through the admin API: the 200 arrives, marked slow-success, not before its minimum delay', async () => {
    await choose(api, 'slow-success');
    const started = performance.now();
    const outcome = await exchange(mock.url, api, {}, 10_000);
    const waited = performance.now() - started;
    if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
    expect(outcome.status).toBe(200);
    expect(outcome.headers['x-mock-scenario']).toBe('slow-success');
    expect(isObject(JSON.parse(outcome.bytes.toString('utf8')))).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(await lastRequest(mock)).toMatchObject({ scenario: 'slow-success', status: 200, valid: true });
  });

  it('Prefer: code=200 never picks a fault: it answers success', async () => {
    const outcome = await exchange(mock.url, api, { Prefer: 'code=200' }, 5_000);
    if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
    expect(outcome.headers['x-mock-scenario']).toBe('success');
    expect(isObject(JSON.parse(outcome.bytes.toString('utf8')))).toBe(true);
  });
});

describe('sensay: delays', () => {
  it.each([
    { scenario: 'pause-fixed', status: 200, atLeast: 250 },
    { scenario: 'pause-range', status: 500, atLeast: 100 },
  ])(
    '$scenario answers $status after its delay, and the journal names it',
    async ({ scenario, status, atLeast }) => {
      const started = performance.now();
      const outcome = await exchange(delays.url, SENSAY, { 'X-Mock-Scenario': scenario }, 5_000);
      const waited = performance.now() - started;
      if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
      expect(outcome.status).toBe(status);
      expect(outcome.headers['x-mock-scenario']).toBe(scenario);
      expect(waited).toBeGreaterThanOrEqual(atLeast - 20);
      const entry = await lastRequest(delays);
      expect(entry).toMatchObject({ scenario, status });
      expect(entry['durationMs']).toBeGreaterThanOrEqual(atLeast - 20);
    },
  );

  it('a delayed reset: the connection still drops', async () => {
    const outcome = await exchange(delays.url, SENSAY, { 'X-Mock-Scenario': 'pause-then-reset' }, 5_000);
    expect(outcome.kind).toBe('error');
  });

  it('a delayed answer does not hold up other requests', async () => {
    const slow = exchange(delays.url, SENSAY, { 'X-Mock-Scenario': 'pause-fixed' }, 5_000);
    const quick = await exchange(delays.url, SENSAY, {}, 5_000);
    if (quick.kind !== 'response') throw new Error('expected a response');
    expect(quick.headers['x-mock-scenario']).toBe('success');
    const later = await slow;
    expect(later.kind === 'response' && later.status).toBe(200);
    const [first, second] = objectsAt(
      jsonObject(await (await fetch(`${delays.url}/__mock/requests?limit=2`)).text()),
      'requests',
    );
    // Journaled when the answer is decided, newest first, with the delay counted in its duration.
    expect([first?.['scenario'], second?.['scenario']]).toEqual(['success', 'pause-fixed']);
    expect(Number(second?.['durationMs'])).toBeGreaterThanOrEqual(250);
  });
});
