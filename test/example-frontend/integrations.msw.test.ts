import { createMockHandlers } from 'mockgram/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationsApi, type IntegrationsConfig } from './app/integrations.ts';

// The example suite: a frontend's unit tests, written as a user of mockgram would write them. The page's API layer
// (./app/integrations.ts) calls the vendors' real URLs with fetch; MSW answers through mockgram's engine, from the
// specs and scenarios bundled with mockgram.

const REPLICA = '03db5651-cb61-4bdf-9ef0-89561f7c9c53';
const UNIT = 'e2cc768e-9687-4ecc-8468-908570b6304a';
const BOT = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: UNIT,
  title: 'Support',
  scope: 'both',
  botToken: '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y',
} as const;
const TELEGRAM = { telegramToken: BOT.botToken, mention: 'acme_support_bot' };
const SENSAY_PATH = `/v1/replicas/${REPLICA}/integrations/telegram`;

const config: IntegrationsConfig = {
  sensayUrl: 'https://api.sensay.io',
  toolzzUrl: 'https://chat.api.toolzz.com.br/api',
  sensaySecret: 'org-secret-example',
  toolzzToken: 'toolzz-token-example',
};
const app = createIntegrationsApi(config);

const mock = await createMockHandlers(); // the bundled Sensay and ToolzzAI specs, with their scenarios
const server = setupServer(...mock.handlers);

beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
});

afterEach(async () => {
  // Each test starts from nothing (scenario choices, stored objects, the request log); coverage adds up.
  await mock.reset({ keepCoverage: true });
});

afterAll(() => {
  server.close();
});

describe("Sensay: connecting a replica's bot", () => {
  it('shows the connected bot, after sending what Sensay documents', async () => {
    const state = await app.connectReplicaBot(REPLICA, TELEGRAM);
    expect(state).toEqual({ kind: 'ready', data: { id: expect.any(Number) as number } });
    expect(mock.requests()).toMatchObject([
      {
        method: 'POST',
        path: SENSAY_PATH,
        operation: 'createReplicaTelegramIntegration',
        status: 200,
        scenario: 'success',
        valid: true,
        problems: [],
      },
    ]);
  });

  it('says the bot starts later when Sensay accepted it without starting it (202)', async () => {
    await mock.use('accepted', { operation: 'createReplicaTelegramIntegration' });
    const state = await app.connectReplicaBot(REPLICA, TELEGRAM);
    expect(state).toMatchObject({
      kind: 'pending',
      message: expect.stringContaining('retry starting the bot') as string,
    });
  });

  it('offers a retry when Sensay fails (500)', async () => {
    await mock.use('server-error', { operation: 'createReplicaTelegramIntegration' });
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toEqual({
      kind: 'failed',
      message: 'Internal Server Error',
      canRetry: true,
    });
  });

  it('says the replica is gone, on connect and on disconnect alike', async () => {
    // No operation named: every operation that has this scenario.
    expect(await mock.use('replica-not-found')).toEqual([
      'createReplicaTelegramIntegration',
      'deleteReplicaTelegramIntegration',
    ]);
    const missing = { kind: 'missing', message: `Replica ${REPLICA} not found` };
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toEqual(missing);
    expect(await app.disconnectReplicaBot(REPLICA)).toEqual(missing);
  });

  it('sends the user to the settings when the secret is refused (401)', async () => {
    await mock.use('unauthorized', { operation: 'createReplicaTelegramIntegration' });
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toEqual({ kind: 'signed-out' });
  });

  it('offers a retry when the connection drops, when the answer is cut short, and when none comes', async () => {
    await mock.use('connection-reset', { operation: 'createReplicaTelegramIntegration' });
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toEqual({
      kind: 'failed',
      message: 'The connection failed',
      canRetry: true,
    });
    await mock.use('malformed-json', { operation: 'createReplicaTelegramIntegration' });
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toEqual({
      kind: 'failed',
      message: 'The answer could not be read',
      canRetry: true,
    });
    await mock.use('no-answer', { operation: 'createReplicaTelegramIntegration' });
    const impatient = createIntegrationsApi({ ...config, timeoutMs: 200 });
    expect(await impatient.connectReplicaBot(REPLICA, TELEGRAM)).toEqual({
      kind: 'failed',
      message: 'The server did not answer in time',
      canRetry: true,
    });
  });

  it("keeps one browser tab's scenario to that tab (X-Mock-Session)", async () => {
    const tab = createIntegrationsApi({ ...config, headers: { 'X-Mock-Session': 'tab-2' } });
    await mock.use('server-error', { operation: 'createReplicaTelegramIntegration', session: 'tab-2' });
    expect(await tab.connectReplicaBot(REPLICA, TELEGRAM)).toMatchObject({ kind: 'failed' });
    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toMatchObject({ kind: 'ready' });
    expect(mock.coverage('tab-2').requests).toBe(1);
    expect(mock.requests().map((r) => [r.session, r.status])).toEqual([
      [undefined, 200],
      ['tab-2', 500],
    ]);
  });
});

describe('ToolzzAI: integrating a bot', () => {
  it("shows ToolzzAI's validation messages (400)", async () => {
    await mock.use('bad-request', { operation: 'createTelegramIntegration' });
    expect(await app.createToolzzBot(BOT)).toEqual({
      kind: 'invalid',
      message: 'scope must be one of the following values: both, private, groups',
    });
  });

  it('refuses an id that is not one before ToolzzAI would (the mock validates like the API)', async () => {
    const state = await app.getToolzzBot('not-a-uuid');
    expect(state).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('integrationId') as string,
    });
    expect(mock.requests()).toMatchObject([
      { method: 'GET', path: '/api/v1/telegram/integration/not-a-uuid', status: 400, valid: false },
    ]);
  });

  it('sends the user to the settings when the token is refused (401)', async () => {
    await mock.use('unauthorized', { operation: 'listTelegramIntegrationsByUnit' });
    expect(await app.listToolzzBots(UNIT)).toEqual({ kind: 'signed-out' });
  });

  it('offers a retry when ToolzzAI fails (500)', async () => {
    await mock.use('server-error', { operation: 'listTelegramIntegrationsByUnit' });
    expect(await app.listToolzzBots(UNIT)).toEqual({
      kind: 'failed',
      message: 'Internal server error',
      canRetry: true,
    });
  });

  it('says an integration that does not exist is missing', async () => {
    const id = '6b0c3a52-86d4-4f33-9a51-0d2f62a3e7c4';
    expect(await app.getToolzzBot(id)).toEqual({
      kind: 'missing',
      message: `Telegram integration ${id} not found`,
    });
  });
});

describe('the whole page against the mock’s state', () => {
  it('creates, reads, lists and updates a ToolzzAI bot, then connects and disconnects a Sensay one', async () => {
    expect(await app.listToolzzBots(UNIT)).toEqual({ kind: 'ready', data: [] });

    const created = await app.createToolzzBot(BOT);
    if (created.kind !== 'ready') throw new Error(`create: ${JSON.stringify(created)}`);
    expect(created.data).toMatchObject({
      ...BOT,
      botToken: expect.stringMatching(/^7701101112:\*+$/) as string,
    });
    const { id } = created.data;

    expect(await app.getToolzzBot(id)).toEqual(created);
    expect(await app.listToolzzBots(UNIT)).toEqual({ kind: 'ready', data: [created.data] });

    const updated = await app.updateToolzzBot(id, { ...BOT, title: 'Support (private)', scope: 'private' });
    expect(updated).toEqual({
      kind: 'ready',
      data: { ...created.data, title: 'Support (private)', scope: 'private' },
    });
    expect(await app.getToolzzBot(id)).toEqual(updated);
    const stored = (await mock.state()).find((resource) => resource.name === 'TelegramIntegration');
    expect(stored?.objects).toMatchObject([{ id, title: 'Support (private)', scope: 'private' }]);

    expect(await app.connectReplicaBot(REPLICA, TELEGRAM)).toMatchObject({ kind: 'ready' });
    expect(await app.disconnectReplicaBot(REPLICA)).toEqual({ kind: 'ready', data: null });
    expect(await app.disconnectReplicaBot(REPLICA)).toEqual({
      kind: 'missing',
      message: `Replica ${REPLICA} has no Telegram integration`,
    });

    // What the page sent, oldest first: every request documented, valid and answered as the flow expects.
    expect(
      mock
        .requests()
        .map((r) => `${r.method} ${r.path} ${String(r.status)} ${r.operation ?? '-'} ${String(r.valid)}`)
        .reverse(),
    ).toEqual([
      `GET /api/v1/telegram/integration/unit/${UNIT} 200 listTelegramIntegrationsByUnit true`,
      'POST /api/v1/telegram/integration 200 createTelegramIntegration true',
      `GET /api/v1/telegram/integration/${id} 200 getTelegramIntegration true`,
      `GET /api/v1/telegram/integration/unit/${UNIT} 200 listTelegramIntegrationsByUnit true`,
      `PUT /api/v1/telegram/integration/${id} 200 updateTelegramIntegration true`,
      `GET /api/v1/telegram/integration/${id} 200 getTelegramIntegration true`,
      `POST ${SENSAY_PATH} 200 createReplicaTelegramIntegration true`,
      `DELETE ${SENSAY_PATH} 200 deleteReplicaTelegramIntegration true`,
      `DELETE ${SENSAY_PATH} 404 deleteReplicaTelegramIntegration true`,
    ]);
  });
});

// Last, so it sees every test above (Vitest runs a file's tests in order); skipped, like them, by a name filter.
describe('what this suite exercised', () => {
  /** The entries with hits: every other documented status and scenario was not exercised. */
  const used = (counts: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(counts).filter(([, hits]) => hits > 0));

  it('counts every request, per operation, documented status and scenario, and the one refused', () => {
    const report = mock.coverage();
    expect(report.requests).toBe(25);
    expect(
      report.operations.map((o) => ({
        operation: o.operationId,
        hits: o.hits,
        statuses: used(o.statuses),
        scenarios: used(o.scenarios),
      })),
    ).toEqual([
      {
        operation: 'createReplicaTelegramIntegration',
        // A dropped connection and a missing answer have no status; they count as scenarios.
        hits: 11,
        statuses: { '200': 4, '202': 1, '401': 1, '404': 1, '500': 2 },
        scenarios: {
          success: 3,
          accepted: 1,
          unauthorized: 1,
          'replica-not-found': 1,
          'server-error': 2,
          'connection-reset': 1,
          'no-answer': 1,
          'malformed-json': 1,
        },
      },
      {
        operation: 'deleteReplicaTelegramIntegration',
        hits: 3,
        statuses: { '200': 1, '404': 2 },
        scenarios: { success: 1, 'replica-not-found': 1, 'no-integration': 1 },
      },
      {
        operation: 'createTelegramIntegration',
        hits: 2,
        statuses: { '200': 1, '400': 1 },
        scenarios: { success: 1, 'bad-request': 1 },
      },
      {
        operation: 'getTelegramIntegration',
        hits: 3,
        statuses: { '200': 2, '404': 1 },
        scenarios: { success: 2, 'not-found': 1 },
      },
      {
        operation: 'updateTelegramIntegration',
        hits: 1,
        statuses: { '200': 1 },
        scenarios: { success: 1 },
      },
      {
        operation: 'listTelegramIntegrationsByUnit',
        hits: 4,
        statuses: { '200': 2, '401': 1, '500': 1 },
        scenarios: { success: 2, unauthorized: 1, 'server-error': 1 },
      },
    ]);
    expect(report.unmatched).toEqual([
      {
        method: 'GET',
        path: '/api/v1/telegram/integration/not-a-uuid',
        status: 400,
        reason: 'path parameter \'integrationId\' must match format "uuid"',
        hits: 1,
      },
    ]);
    expect(report.totals).toEqual({
      operations: { covered: 6, total: 6 },
      statuses: { covered: 15, total: 38 },
      scenarios: { covered: 19, total: 53 },
    });
  });

  it("counts a session's requests apart", () => {
    const tab = mock.coverage('tab-2');
    expect(tab.requests).toBe(1);
    expect(tab.operations.filter((o) => o.hits > 0)).toMatchObject([
      { operationId: 'createReplicaTelegramIntegration', hits: 1, statuses: { '500': 1 } },
    ]);
    expect(mock.coverage('default').requests).toBe(24);
  });
});
