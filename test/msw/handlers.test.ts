import { readFile } from 'node:fs/promises';
import { getResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMockHandlers as createBrowserHandlers } from '../../src/msw/createMockHandlers.ts';
import { createMockHandlers, type MockHandlers } from '../../src/msw/node.ts';
import { MockgramError } from '../../src/errors.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { SENSAY, TELEGRAM_TOKEN } from '../mock/apis.ts';

const SENSAY_URL = `https://api.sensay.io${SENSAY.path}`;
const TOOLZZ_URL = 'https://chat.api.toolzz.com.br/api/v1/telegram/integration';
const TOOLZZ_AUTH = { Authorization: 'Bearer msw-token' };
const NEW = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
  title: 'Support',
  scope: 'both',
  botToken: TELEGRAM_TOKEN,
};

let mock: MockHandlers;
const server = setupServer();

beforeAll(async () => {
  mock = await createMockHandlers({
    specs: [SENSAY_SPEC, { document: TOOLZZ_SPEC, baseUrl: 'http://localhost:5173/toolzz-proxy' }],
    scenarios: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
  });
  server.use(...mock.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});

afterEach(async () => {
  await mock.reset();
});

afterAll(() => {
  server.close();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

function createSensay(init: { headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(SENSAY_URL, {
    ...json(SENSAY.body),
    ...(init.body !== undefined && { body: init.body }),
    headers: { ...SENSAY.credentials, 'Content-Type': 'application/json', ...init.headers },
  });
}

describe('MSW handlers answer through the engine', () => {
  it("validate like the server: a bad body is Sensay's own 400", async () => {
    const response = await createSensay({ body: JSON.stringify({ telegram_token: TELEGRAM_TOKEN }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      success: false,
      error: "body must have required property 'mention'",
    });
  });

  it('keep state: create, then read back under the extra base URL given for Toolzz', async () => {
    const created = await fetch(TOOLZZ_URL, {
      ...json(NEW),
      headers: { ...TOOLZZ_AUTH, 'Content-Type': 'application/json' },
    });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { id: string };
    const read = await fetch(`http://localhost:5173/toolzz-proxy/v1/telegram/integration/${body.id}`, {
      headers: TOOLZZ_AUTH,
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
    expect((await mock.state()).find((r) => r.name === 'TelegramIntegration')?.objects).toEqual([body]);
  });

  it('play faults: a reset is a network error, a malformed body is cut short', async () => {
    await expect(createSensay({ headers: { 'X-Mock-Scenario': 'connection-reset' } })).rejects.toThrow(
      TypeError,
    );
    const malformed = await createSensay({ headers: { 'X-Mock-Scenario': 'malformed-json' } });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
  });
});

describe('the controls a test suite uses', () => {
  it('use() switches one operation, for one session or for all', async () => {
    expect(
      await mock.use('server-error', { operation: 'createReplicaTelegramIntegration', session: 'a' }),
    ).toEqual(['createReplicaTelegramIntegration']);
    expect((await createSensay({ headers: { 'X-Mock-Session': 'a' } })).status).toBe(500);
    expect((await createSensay()).status).toBe(200);
    await mock.use('accepted');
    expect((await createSensay()).status).toBe(202);
    await mock.clear();
    expect((await createSensay()).status).toBe(200);
  });

  it('use() refuses an unknown scenario with a coded error listing the names', async () => {
    const attempt = mock.use('sever-error', { operation: 'createReplicaTelegramIntegration' });
    await expect(attempt).rejects.toBeInstanceOf(MockgramError);
    await expect(attempt).rejects.toMatchObject({ code: 'UNKNOWN_SCENARIO' });
    await expect(attempt).rejects.toThrow(/available: .*server-error/);
  });

  it('requests() and coverage() see what the tests sent; reset() forgets it', async () => {
    await createSensay();
    await createSensay({ headers: { 'X-Mock-Scenario': 'unauthorized' } });
    expect(mock.requests().map((r) => [r.status, r.scenario])).toEqual([
      [401, 'unauthorized'],
      [200, 'success'],
    ]);
    const create = mock
      .coverage()
      .operations.find((o) => o.operationId === 'createReplicaTelegramIntegration');
    expect(create).toMatchObject({ hits: 2, statuses: { '200': 1, '401': 1 } });
    await mock.reset();
    expect(mock.requests()).toEqual([]);
    expect(mock.coverage().requests).toBe(0);
  });

  it('reset({ keepCoverage: true }) forgets choices, objects and requests but keeps counting coverage', async () => {
    await mock.use('accepted', { operation: 'createReplicaTelegramIntegration' });
    expect((await createSensay()).status).toBe(202);
    await mock.reset({ keepCoverage: true });
    expect(mock.requests()).toEqual([]);
    expect((await mock.state()).flatMap((r) => r.objects)).toEqual([]);
    expect((await createSensay()).status).toBe(200);
    const create = mock
      .coverage()
      .operations.find((o) => o.operationId === 'createReplicaTelegramIntegration');
    expect(create).toMatchObject({ hits: 2, statuses: { '200': 1, '202': 1 } });
    expect(create?.scenarios).toMatchObject({ accepted: 1, success: 1 });
  });

  it('seed() stores objects checked against the spec, and refuses a wrong one', async () => {
    const integration = {
      ...NEW,
      id: '29739191-500c-4c32-9ccc-9f753cb24abd',
      isActive: true,
      botToken: '1:***',
      isTokenMasked: true,
      welcomeMessage: '',
      createdAt: '2026-04-17 12:26:12.804444',
      updatedAt: '2026-04-17 12:26:12.804444',
      deletedAt: null,
    };
    await mock.seed({ resources: [{ name: 'TelegramIntegration', objects: [integration] }] }, 'seeded');
    const read = await fetch(`${TOOLZZ_URL}/${integration.id}`, {
      headers: { ...TOOLZZ_AUTH, 'X-Mock-Session': 'seeded' },
    });
    expect(await read.json()).toEqual(integration);
    const wrong = mock.seed({
      resources: [{ name: 'TelegramIntegration', objects: [{ ...integration, scope: 'all' }] }],
    });
    await expect(wrong).rejects.toMatchObject({ code: 'STATE_INVALID' });
  });
});

describe('in a browser, documents are passed parsed', () => {
  it('a parsed document with the name its scenario file uses answers the same way', async () => {
    const document: unknown = parse(await readFile(SENSAY_SPEC, 'utf8'));
    const scenarios: unknown = parse(await readFile(SENSAY_SCENARIOS, 'utf8'));
    if (
      typeof document !== 'object' ||
      document === null ||
      typeof scenarios !== 'object' ||
      scenarios === null
    )
      throw new Error('the spec did not parse');
    const browser = await createBrowserHandlers({
      specs: [{ document, name: 'sensay' }],
      scenarios: [scenarios],
    });
    expect(browser.handlers).toHaveLength(1);
    expect(browser.engine.specs[0]?.index.name).toBe('sensay');
    expect(browser.engine.catalog.operations.size).toBe(2);
  });
});

describe('in Node, without specs', () => {
  it('serves the bundled specs with their bundled scenarios, as `mockgram mock` does with no argument', async () => {
    const bundled = await createMockHandlers();
    expect(bundled.engine.specs.map(({ index }) => index.name)).toEqual(['sensay', 'toolzz']);
    expect([...bundled.engine.catalog.operations.keys()].map((o) => o.id).sort()).toEqual([
      'createReplicaTelegramIntegration',
      'createTelegramIntegration',
      'deleteReplicaTelegramIntegration',
      'getTelegramIntegration',
      'listTelegramIntegrationsByUnit',
      'updateTelegramIntegration',
    ]);
    const ask = (headers: Record<string, string>) =>
      getResponse(
        [...bundled.handlers],
        new Request(`${TOOLZZ_URL}/unit/${NEW.unitId}`, { headers: { ...TOOLZZ_AUTH, ...headers } }),
      );
    expect((await ask({ 'X-Mock-Scenario': 'not-found' }))?.status).toBe(404);
    expect(await (await ask({}))?.json()).toEqual({ data: [] });
  });

  it('takes scenario files given without specs as the only ones', async () => {
    const sensayOnly = await createMockHandlers({ scenarios: [SENSAY_SCENARIOS] });
    expect(sensayOnly.engine.specs).toHaveLength(2);
    expect([...sensayOnly.engine.catalog.operations.keys()].map((o) => o.id).sort()).toEqual([
      'createReplicaTelegramIntegration',
      'deleteReplicaTelegramIntegration',
    ]);
  });
});
