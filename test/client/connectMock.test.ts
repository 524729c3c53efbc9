import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectMock, MockClientError, type MockClient } from '../../src/client/index.ts';
import { MockgramError } from '../../src/errors.ts';
import { SCENARIO_FILES, SENSAY, SPECS, TOOLZZ, type ScenarioApi } from '../scenarios/scenarioApis.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';

const INTEGRATION = {
  id: '29739191-500c-4c32-9ccc-9f753cb24abd',
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
  title: 'Seeded support bot',
  isActive: true,
  botToken: '7701101112:***********************************',
  isTokenMasked: true,
  scope: 'both',
  welcomeMessage: 'Hello!',
  createdAt: '2026-04-17 12:26:12.804444',
  updatedAt: '2026-04-17 12:26:12.804444',
  deletedAt: null,
};

let mock: StartedMock;
let client: MockClient;

beforeAll(async () => {
  mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  client = connectMock({ baseUrl: mock.url });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  await client.reset();
});

/** A valid request to one API, in a session or none, as a browser under test would send it. */
async function send(api: ScenarioApi, session?: string, body: object = api.body): Promise<Response> {
  return fetch(`${mock.url}${api.path}`, {
    method: 'POST',
    headers: {
      ...api.credentials,
      'content-type': 'application/json',
      ...(session !== undefined && { 'x-mock-session': session }),
    },
    body: JSON.stringify(body),
  });
}

async function rejection(pending: Promise<unknown>): Promise<MockClientError> {
  const error = await pending.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MockClientError))
    throw new Error(`expected a MockClientError, got ${String(error)}`);
  return error;
}

describe('connectMock: scenarios', () => {
  it('use() with an operation and the client session changes only that session and operation', async () => {
    const tab = client.withSession('tab-1');
    const result = await tab.use('server-error', { operation: SENSAY.operationId });
    expect(result.appliedTo).toEqual([SENSAY.operationId]);
    expect(result.active.sessions).toEqual({ 'tab-1': { [SENSAY.operationId]: 'server-error' } });
    expect(result.active.global).toEqual({});

    expect((await send(SENSAY, 'tab-1')).status).toBe(500);
    expect((await send(SENSAY)).status).toBe(200);
    expect((await send(SENSAY, 'tab-2')).status).toBe(200);
    expect((await send(TOOLZZ, 'tab-1')).status).toBe(200);
  });

  it('use() without an operation applies to every operation that has the scenario', async () => {
    const result = await client.use('unauthorized', { session: 'tab-2' });
    expect(result.appliedTo).toEqual(expect.arrayContaining([SENSAY.operationId, TOOLZZ.operationId]));
    expect((await send(SENSAY, 'tab-2')).status).toBe(401);
    expect((await send(TOOLZZ, 'tab-2')).status).toBe(401);
    expect((await send(TOOLZZ)).status).toBe(200);
  });

  it('session null chooses for the whole server even on a session client', async () => {
    const result = await client.withSession('tab-3').use('server-error', { session: null });
    expect(result.active.global).toEqual({ '*': 'server-error' });
    expect((await send(TOOLZZ)).status).toBe(500);
    expect((await send(TOOLZZ, 'elsewhere')).status).toBe(500);
  });

  it('clear() drops the session choice and leaves the others', async () => {
    const tab = client.withSession('tab-4');
    await tab.use('server-error');
    await client.use('server-error', { session: 'tab-5' });
    const active = await tab.clear();
    expect(active.sessions).toEqual({ 'tab-5': { '*': 'server-error' } });
    expect((await send(SENSAY, 'tab-4')).status).toBe(200);
    expect((await send(SENSAY, 'tab-5')).status).toBe(500);
  });

  it('rule() turns an opt-in rule on and off', async () => {
    const badToken = { ...SENSAY.body, telegram_token: 'not-a-bot-token' };
    expect((await send(SENSAY, undefined, badToken)).status).toBe(200);
    expect(await client.rule('strict-telegram-tokens', true)).toMatchObject({
      enabledRules: ['strict-telegram-tokens'],
    });
    const refused = await send(SENSAY, undefined, badToken);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-mock-scenario')).toBe('invalid-telegram-token');
    expect((await client.rule('strict-telegram-tokens', false)).enabledRules).toEqual([]);
    expect((await send(SENSAY, undefined, badToken)).status).toBe(200);
  });

  it('scenarios() and health() describe the running mock', async () => {
    const health = await client.health();
    expect(health.status).toBe('ok');
    expect(health.specs.map((s) => s.name)).toEqual(['sensay', 'toolzz']);
    const catalog = await client.scenarios();
    const sensay = catalog.apis.find((api) => api.spec === 'sensay');
    const operation = sensay?.operations.find((o) => o.operationId === SENSAY.operationId);
    expect(operation?.scenarios.map((s) => s.name)).toEqual(SENSAY.scenarioNames);
  });

  it('reset() forgets choices, journal and coverage of every session', async () => {
    await client.use('server-error', { session: 'tab-6' });
    await send(SENSAY, 'tab-6');
    await client.reset();
    expect((await client.scenarios()).active.sessions).toEqual({});
    expect(await client.requests()).toEqual([]);
    expect((await client.coverage()).requests).toBe(0);
  });
});

describe('connectMock: requests and coverage', () => {
  it("requests() lists the client session's requests, newest first, and limit keeps the newest", async () => {
    await send(SENSAY, 'A');
    await send(TOOLZZ, 'B');
    await send(TOOLZZ, 'A');
    await send(SENSAY);

    const a = client.withSession('A');
    const own = await a.requests();
    expect(own.map((r) => [r.method, r.path, r.session, r.status])).toEqual([
      ['POST', TOOLZZ.path, 'A', 200],
      ['POST', SENSAY.path, 'A', 200],
    ]);
    expect((await a.requests({ limit: 1 })).map((r) => r.path)).toEqual([TOOLZZ.path]);
    expect((await client.requests()).map((r) => r.session)).toEqual([undefined, 'A', 'B', 'A']);
    expect((await client.requests({ limit: 2 })).map((r) => r.session)).toEqual([undefined, 'A']);
    expect((await a.requests({ session: 'default' })).map((r) => r.path)).toEqual([SENSAY.path]);
    expect((await a.requests({ session: null })).length).toBe(4);
    expect(typeof own[0]?.time === 'string' && !Number.isNaN(Date.parse(own[0].time))).toBe(true);

    await client.clearRequests();
    expect(await client.requests()).toEqual([]);
  });

  it('coverage() counts per session and overall; clearCoverage() forgets one session', async () => {
    await client.withSession('A').use('server-error', { operation: SENSAY.operationId });
    await send(SENSAY, 'A');
    await send(SENSAY, 'A');
    await send(TOOLZZ, 'B');

    const a = await client.withSession('A').coverage();
    expect(a.session).toBe('A');
    expect(a.requests).toBe(2);
    const sensay = a.operations.find((o) => o.operationId === SENSAY.operationId);
    expect(sensay).toMatchObject({ hits: 2, spec: 'sensay', method: 'POST' });
    expect(sensay?.statuses['500']).toBe(2);
    expect(sensay?.statuses['200']).toBe(0);
    expect(sensay?.scenarios['server-error']).toBe(2);
    expect(a.operations.find((o) => o.operationId === TOOLZZ.operationId)?.hits).toBe(0);

    const overall = await client.coverage();
    expect(overall.requests).toBe(3);
    expect(overall.totals.operations.covered).toBe(2);

    await client.clearCoverage({ session: 'A' });
    expect((await client.coverage({ session: 'A' })).requests).toBe(0);
    expect((await client.coverage({ session: 'B' })).requests).toBe(1);
  });
});

describe('connectMock: state', () => {
  it('seed() stores objects for the session, state() shows them, clearState() empties them', async () => {
    const seeded = client.withSession('seeded');
    const result = await seeded.seed({
      resources: [{ name: 'TelegramIntegration', objects: [INTEGRATION] }],
    });
    expect(result).toMatchObject({ session: 'seeded', stored: 1, evicted: 0 });

    const read = await fetch(`${mock.url}${TOOLZZ.path}/${INTEGRATION.id}`, {
      headers: { ...TOOLZZ.credentials, ...seeded.headers() },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(INTEGRATION);

    const objects = (await seeded.state()).resources
      .filter((r) => r.name === 'TelegramIntegration')
      .flatMap((r) => r.objects);
    expect(objects).toEqual([INTEGRATION]);
    expect(
      (await client.state()).resources
        .filter((r) => r.name === 'TelegramIntegration')
        .flatMap((r) => r.objects),
    ).toEqual([]);

    await seeded.clearState();
    expect((await seeded.state()).resources.flatMap((r) => r.objects)).toEqual([]);
  });

  it('a seed the spec rejects fails with the mock detail and changes nothing', async () => {
    const error = await rejection(
      client.seed({
        resources: [{ name: 'TelegramIntegration', objects: [{ ...INTEGRATION, scope: 'nowhere' }] }],
      }),
    );
    expect(error.code).toBe('MOCK_ADMIN_ERROR');
    expect(error.status).toBe(400);
    expect(error.detail).toContain('the seed is not valid; nothing was changed');
    expect((await client.state()).resources.flatMap((r) => r.objects)).toEqual([]);
  });
});

describe('connectMock: helpers', () => {
  it('headers() carries the session; withSession() makes another client of the same mock', () => {
    const tab = connectMock({ baseUrl: `${mock.url}/`, session: 'tab-9' });
    expect(tab.headers()).toEqual({ 'X-Mock-Session': 'tab-9' });
    expect(tab.baseUrl).toBe(mock.url);
    expect(tab.withSession(undefined).headers()).toEqual({});
    expect(tab.withSession('other').session).toBe('other');
  });

  it('refuses a base URL or options that cannot work, before any request', async () => {
    expect(() => connectMock({ baseUrl: 'localhost:4010' })).toThrow(MockgramError);
    expect(() => connectMock({ baseUrl: 'ftp://127.0.0.1' })).toThrow(/http or https/);
    expect(() => connectMock({ baseUrl: mock.url, timeoutMs: 0 })).toThrow(/timeoutMs/);
    await expect(client.requests({ limit: 0 })).rejects.toThrow(/limit/);
  });
});

describe('connectMock: errors', () => {
  it('an unknown scenario names the URL, the status and the mock detail', async () => {
    const error = await rejection(client.use('no-such-scenario', { operation: SENSAY.operationId }));
    expect(error).toBeInstanceOf(MockgramError);
    expect(error.code).toBe('MOCK_ADMIN_ERROR');
    expect(error.status).toBe(400);
    expect(error.url).toBe(`${mock.url}/__mock/scenarios/active`);
    expect(error.detail).toMatch(
      /^unknown scenario 'no-such-scenario' for createReplicaTelegramIntegration; available: /,
    );
    expect(error.message).toBe(`PUT ${mock.url}/__mock/scenarios/active answered 400: ${error.detail ?? ''}`);
  });

  it('an unknown operation and an unknown rule are 404 with the known names', async () => {
    const operation = await rejection(client.use('success', { operation: 'noSuchOperation' }));
    expect(operation.status).toBe(404);
    expect(operation.detail).toContain(SENSAY.operationId);
    const rule = await rejection(client.rule('no-such-rule', true));
    expect(rule.status).toBe(404);
    expect(rule.detail).toMatch(/^no rule named 'no-such-rule'; rules: .*strict-telegram-tokens/);
  });

  it('a mock that is not listening is MOCK_UNREACHABLE naming the URL', async () => {
    const closed = await freePort();
    const error = await rejection(connectMock({ baseUrl: `http://127.0.0.1:${closed}` }).coverage());
    expect(error.code).toBe('MOCK_UNREACHABLE');
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      new RegExp(
        `^cannot reach the mock at http://127\\.0\\.0\\.1:${closed}/__mock/coverage: .*ECONNREFUSED`,
      ),
    );
  });

  describe('against servers that are not a mockgram mock', () => {
    let other: Server;
    let url: string;
    let answer: (response: import('node:http').ServerResponse) => void;

    beforeAll(async () => {
      other = createServer((_request, response) => {
        answer(response);
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });

    afterEach(() => {
      other.closeAllConnections();
    });

    afterAll(async () => {
      await new Promise((resolve) => other.close(resolve));
    });

    it('HTML instead of JSON is MOCK_ADMIN_ERROR asking whether it is a mock', async () => {
      answer = (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>');
      const error = await rejection(connectMock({ baseUrl: url }).health());
      expect(error.code).toBe('MOCK_ADMIN_ERROR');
      expect(error.message).toBe(
        `GET ${url}/__mock/health answered 200 without JSON: is ${url} a mockgram mock?`,
      );
    });

    it('JSON that is not a coverage report says where it differs', async () => {
      answer = (response) =>
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"requests": 1, "operations": {}}');
      const error = await rejection(connectMock({ baseUrl: url }).coverage());
      expect(error.detail).toBe('/operations must be an array');
    });

    it('an error page without problem+json keeps the start of its text as the detail', async () => {
      answer = (response) =>
        response.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway from the proxy');
      const error = await rejection(connectMock({ baseUrl: url }).reset());
      expect(error.status).toBe(502);
      expect(error.detail).toBe('Bad gateway from the proxy');
    });

    it('a server that never answers is MOCK_UNREACHABLE after timeoutMs', async () => {
      answer = () => undefined;
      const error = await rejection(connectMock({ baseUrl: url, timeoutMs: 200 }).health());
      expect(error.code).toBe('MOCK_UNREACHABLE');
      expect(error.message).toBe(`cannot reach the mock at ${url}/__mock/health: no answer within 200 ms`);
    });
  });
});

describe('connectMock: admin token', () => {
  let guarded: StartedMock;

  beforeAll(async () => {
    guarded = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: 'secret-1' });
  });

  afterAll(async () => {
    await guarded.close();
  });

  it('without the token every call is refused with the mock explanation; with it, calls work', async () => {
    const error = await rejection(connectMock({ baseUrl: guarded.url }).use('server-error'));
    expect(error.status).toBe(401);
    expect(error.detail).toBe(
      'admin token missing or wrong: send Authorization: Bearer <token> or X-Mock-Admin-Token',
    );
    expect((await rejection(connectMock({ baseUrl: guarded.url, token: 'wrong' }).coverage())).status).toBe(
      401,
    );

    const allowed = connectMock({ baseUrl: guarded.url, token: 'secret-1', session: 'e2e' });
    expect((await allowed.use('server-error')).appliedTo.length).toBeGreaterThan(0);
    expect((await allowed.coverage()).session).toBe('e2e');
    await allowed.reset();
  });
});

/** A port nothing listens on: one the OS just handed out and took back. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
