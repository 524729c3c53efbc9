import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { TELEGRAM_TOKEN, TOOLZZ_TIMESTAMP } from '../mock/apis.ts';
import { admin, call, valid, type CallOptions } from './http.ts';

const BASE = '/api/v1/telegram/integration';
const AUTH = { Authorization: 'Bearer state-suite-token' };
const UNIT = 'e2cc768e-9687-4ecc-8468-908570b6304a';
const OTHER_UNIT = '5d1f0a3c-7b2e-4c9d-8e6f-1a2b3c4d5e6f';
const NEW = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: UNIT,
  title: 'Telegram Support',
  scope: 'both',
  botToken: TELEGRAM_TOKEN,
};
const CHANGE = { botId: NEW.botId, unitId: UNIT, title: 'Support (private chats)', scope: 'private' };

let mock: StartedMock;
let checker: SpecChecker;

beforeAll(async () => {
  checker = await loadSpecChecker(TOOLZZ_SPEC);
  mock = await startMock({ specs: [TOOLZZ_SPEC], scenarioFiles: [TOOLZZ_SCENARIOS] });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  expect((await admin(mock, 'POST', '/reset')).status).toBe(200);
});

const as = (session?: string, extra: CallOptions = {}): CallOptions => ({
  headers: AUTH,
  ...(session !== undefined && { session }),
  ...extra,
});

async function create(session?: string, body: object = NEW): Promise<Record<string, unknown>> {
  return valid(
    checker,
    'createTelegramIntegration',
    await call(mock, 'POST', BASE, as(session, { body })),
    200,
  );
}

describe('Toolzz: an integration created is then read, listed and updated, as on the real API', () => {
  it('create → get → list → update → get', async () => {
    const created = await create();
    expect(created).toMatchObject({
      botId: NEW.botId,
      unitId: UNIT,
      title: NEW.title,
      scope: 'both',
      isTokenMasked: true,
    });
    expect(created['botToken']).toMatch(/^7701101112:\*+$/);
    expect(created['createdAt']).toMatch(TOOLZZ_TIMESTAMP);
    const id = String(created['id']);

    const read = valid(
      checker,
      'getTelegramIntegration',
      await call(mock, 'GET', `${BASE}/${id}`, as()),
      200,
    );
    expect(read).toEqual(created);

    const listed = valid(
      checker,
      'listTelegramIntegrationsByUnit',
      await call(mock, 'GET', `${BASE}/unit/${UNIT}`, as()),
      200,
    );
    expect(listed).toEqual({ data: [created] });

    const updated = valid(
      checker,
      'updateTelegramIntegration',
      await call(mock, 'PUT', `${BASE}/${id}`, as(undefined, { body: CHANGE })),
      200,
    );
    expect(updated).toMatchObject({
      ...CHANGE,
      id,
      createdAt: created['createdAt'],
      botToken: created['botToken'],
    });
    expect(updated['isTokenMasked']).toBe(true);
    expect(String(updated['updatedAt']) > String(created['updatedAt'])).toBe(true);
    expect(updated['updatedAt']).toMatch(TOOLZZ_TIMESTAMP);

    const reread = valid(
      checker,
      'getTelegramIntegration',
      await call(mock, 'GET', `${BASE}/${id}`, as()),
      200,
    );
    expect(reread).toEqual(updated);
  });

  it('lists only the unit asked for, in creation order; a unit with none gets an empty list', async () => {
    const first = await create();
    const elsewhere = await create(undefined, { ...NEW, unitId: OTHER_UNIT, title: 'Elsewhere' });
    const second = await create(undefined, { ...NEW, title: 'Second' });
    const listed = valid(
      checker,
      'listTelegramIntegrationsByUnit',
      await call(mock, 'GET', `${BASE}/unit/${UNIT}`, as()),
      200,
    );
    expect(listed).toEqual({ data: [first, second] });
    const other = await call(mock, 'GET', `${BASE}/unit/${OTHER_UNIT}`, as());
    expect(valid(checker, 'listTelegramIntegrationsByUnit', other, 200)).toEqual({ data: [elsewhere] });
    const none = await call(mock, 'GET', `${BASE}/unit/00000000-0000-4000-8000-00000000beef`, as());
    expect(valid(checker, 'listTelegramIntegrationsByUnit', none, 200)).toEqual({ data: [] });
  });

  it("an unknown id gets the documented 404 in Toolzz's error format, for get and update", async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    const read = valid(
      checker,
      'getTelegramIntegration',
      await call(mock, 'GET', `${BASE}/${unknown}`, as()),
      404,
    );
    expect(read).toEqual({
      statusCode: 404,
      message: `Telegram integration ${unknown} not found`,
      error: 'Not Found',
    });
    const update = await call(mock, 'PUT', `${BASE}/${unknown}`, as(undefined, { body: CHANGE }));
    expect(valid(checker, 'updateTelegramIntegration', update, 404)['message']).toBe(
      `Telegram integration ${unknown} not found`,
    );
    expect(update.headers['x-mock-scenario']).toBe('not-found');
  });

  it('an invalid update is refused before state is touched: the stored object is unchanged', async () => {
    const created = await create();
    const id = String(created['id']);
    const refused = await call(
      mock,
      'PUT',
      `${BASE}/${id}`,
      as(undefined, { body: { ...CHANGE, scope: 'everyone' } }),
    );
    valid(checker, 'updateTelegramIntegration', refused, 400);
    expect(
      valid(checker, 'getTelegramIntegration', await call(mock, 'GET', `${BASE}/${id}`, as()), 200),
    ).toEqual(created);
  });
});

describe('Toolzz: sessions keep their own integrations', () => {
  it('what one session created, another cannot see; the default session is one more', async () => {
    const mine = await create('tab-a');
    const id = String(mine['id']);
    expect((await call(mock, 'GET', `${BASE}/${id}`, as('tab-a'))).status).toBe(200);
    expect((await call(mock, 'GET', `${BASE}/${id}`, as('tab-b'))).status).toBe(404);
    expect((await call(mock, 'GET', `${BASE}/${id}`, as())).status).toBe(404);
    const theirs = await call(mock, 'GET', `${BASE}/unit/${UNIT}`, as('tab-b'));
    expect(valid(checker, 'listTelegramIntegrationsByUnit', theirs, 200)).toEqual({ data: [] });
  });

  it("reset forgets every session's objects", async () => {
    const id = String((await create('tab-a'))['id']);
    expect((await admin(mock, 'POST', '/reset')).status).toBe(200);
    expect((await call(mock, 'GET', `${BASE}/${id}`, as('tab-a'))).status).toBe(404);
  });
});

describe('Toolzz with --stateless', () => {
  it('answers as before state existed: any well-formed id reads as generated data', async () => {
    const stateless = await startMock({
      specs: [TOOLZZ_SPEC],
      scenarioFiles: [TOOLZZ_SCENARIOS],
      stateless: true,
    });
    try {
      const id = '00000000-0000-4000-8000-000000000002';
      const read = await call(stateless, 'GET', `${BASE}/${id}`, as());
      expect(valid(checker, 'getTelegramIntegration', read, 200)['id']).toEqual(expect.any(String));
      const state = await admin(stateless, 'GET', '/state');
      expect(state.body).toMatchObject({ stateless: true });
    } finally {
      await stateless.close();
    }
  });
});
