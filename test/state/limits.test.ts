import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { TOOLZZ_SPEC } from '../support/paths.ts';
import { TELEGRAM_TOKEN } from '../mock/apis.ts';
import { admin, call, isObject, listAt } from './http.ts';

const BASE = '/api/v1/telegram/integration';
const AUTH = { Authorization: 'Bearer limits' };
const NEW = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
  title: 'Support',
  scope: 'both',
  botToken: TELEGRAM_TOKEN,
};

let mock: StartedMock;

beforeAll(async () => {
  mock = await startMock({ specs: [TOOLZZ_SPEC], storeLimits: { maxObjects: 3, maxSessions: 2 } });
});

afterAll(async () => {
  await mock.close();
});

async function create(session?: string): Promise<string> {
  const answer = await call(mock, 'POST', BASE, {
    headers: AUTH,
    body: NEW,
    ...(session !== undefined && { session }),
  });
  expect(answer.status).toBe(200);
  return String(isObject(answer.body) ? answer.body['id'] : '');
}

async function journal(): Promise<Record<string, unknown>[]> {
  const answer = await admin(mock, 'GET', '/requests');
  const entries =
    isObject(answer.body) && Array.isArray(answer.body['requests']) ? answer.body['requests'] : [];
  return entries.filter(isObject);
}

describe('the store is bounded, the least recently used going first, and says so in the journal', () => {
  it('a session keeps at most maxObjects; reading an object keeps it', async () => {
    await admin(mock, 'POST', '/reset');
    const [a, b, c] = [await create(), await create(), await create()];
    expect((await call(mock, 'GET', `${BASE}/${a}`, { headers: AUTH })).status).toBe(200);
    const d = await create();
    expect((await call(mock, 'GET', `${BASE}/${b}`, { headers: AUTH })).status).toBe(404);
    for (const kept of [a, c, d])
      expect((await call(mock, 'GET', `${BASE}/${kept}`, { headers: AUTH })).status).toBe(200);
    const creating = (await journal()).find((entry) => Array.isArray(entry['evicted']));
    expect(creating).toMatchObject({ method: 'POST', state: 'created' });
    expect(creating?.['evicted']).toEqual([
      `toolzz/TelegramIntegration ${b} (session default, least recently used: objects limit)`,
    ]);
  });

  it('at most maxSessions named sessions: the oldest is forgotten, the default session never is', async () => {
    await admin(mock, 'POST', '/reset');
    const mine = await create();
    const first = await create('s1');
    await create('s2');
    await create('s3');
    expect((await call(mock, 'GET', `${BASE}/${first}`, { headers: AUTH, session: 's1' })).status).toBe(404);
    expect((await call(mock, 'GET', `${BASE}/${mine}`, { headers: AUTH })).status).toBe(200);
    const evicted = (await journal()).flatMap((entry) => listAt(entry, 'evicted'));
    expect(evicted).toContain(
      `toolzz/TelegramIntegration ${first} (session s1, least recently used: sessions limit)`,
    );
  });

  it('a flood of creates across many sessions keeps the store within its bounds and the server answering', async () => {
    await admin(mock, 'POST', '/reset');
    await Promise.all(Array.from({ length: 200 }, (_, i) => create(`flood-${String(i % 20)}`)));
    const state = await admin(mock, 'GET', '/state');
    const counts = await admin(mock, 'GET', '/scenarios');
    expect(state.status).toBe(200);
    expect(counts.status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const shown = await admin(mock, 'GET', `/state?session=flood-${String(i)}`);
      const objects = listAt(shown.body, 'resources').flatMap((r) => listAt(r, 'objects'));
      expect(objects.length).toBeLessThanOrEqual(3);
    }
  });
});
