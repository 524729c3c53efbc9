import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import {
  APIS,
  jsonObject,
  objectAt,
  objectsAt,
  SCENARIO_FILES,
  send,
  SENSAY,
  SPECS,
  type JsonObject,
  type ScenarioApi,
} from './scenarioApis.ts';

async function journal(app: MockApp, query = ''): Promise<JsonObject[]> {
  const response = await request(app).get(`/__mock/requests${query}`).expect(200);
  return objectsAt(jsonObject(response.text), 'requests');
}

describe.each(APIS)('$name: the request journal', (api) => {
  let app: MockApp;

  beforeEach(async () => {
    app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  });

  it('lists recent requests newest first, each with method, path, status, scenario, valid and durationMs', async () => {
    await send(app, api).expect(200);
    await send(app, api, {
      headers: { 'X-Mock-Scenario': 'server-error', 'X-Mock-Session': 'tab-9' },
    }).expect(500);
    await send(app, api, { body: api.invalidBody }).expect(400);

    const entries = await journal(app);
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e['status'], e['scenario'], e['valid']])).toEqual([
      [400, 'request-validation', false],
      [500, 'server-error', true],
      [200, 'success', true],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ method: 'POST', path: api.path, operation: api.operationId });
      expect(typeof entry['durationMs']).toBe('number');
      expect(entry['durationMs']).toBeGreaterThanOrEqual(0);
      expect(entry['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(entries[1]?.['session']).toBe('tab-9');
    expect(entries[0]?.['problems']).toEqual([expect.stringContaining(api.invalidBodyMessage)]);
    const ids = entries.map((e) => Number(e['id']));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('?limit= returns only the newest ones', async () => {
    for (const scenario of ['unauthorized', 'server-error', 'bad-request'])
      await send(app, api, { headers: { 'X-Mock-Scenario': scenario } });
    const entries = await journal(app, '?limit=2');
    expect(entries.map((e) => e['scenario'])).toEqual(['bad-request', 'server-error']);
  });

  it('admin calls are not journaled; unknown paths are', async () => {
    await request(app).get('/__mock/health').expect(200);
    await request(app).get('/__mock/scenarios').expect(200);
    // Two segments past the create path: one could be an item id (Toolzz has GET /integration/{integrationId}).
    await request(app).get(`${api.path}/nothing/here`).expect(404);
    const entries = await journal(app);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 404, scenario: 'route-not-found', valid: false });
  });

  it('DELETE /__mock/requests empties it', async () => {
    await send(app, api).expect(200);
    await request(app).delete('/__mock/requests').expect(204);
    expect(await journal(app)).toEqual([]);
    await send(app, api).expect(200);
    expect(await journal(app)).toHaveLength(1);
  });
});

describe('the journal never holds a secret', () => {
  const SECRET = 'journal-secret-d41f9a77';
  const secretly = (api: ScenarioApi): Record<string, string> =>
    api.name === 'sensay' ? { 'X-ORGANIZATION-SECRET': SECRET } : { Authorization: `Bearer ${SECRET}` };

  it.each(APIS)('$name: no credential value anywhere in it, whether accepted or rejected', async (api) => {
    const restricted = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      credentials: { sensay: { organizationSecret: ['other'] }, toolzz: { bearerAuth: ['other'] } },
    });
    const open = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    for (const app of [restricted, open]) {
      await send(app, api, { anonymous: true, headers: secretly(api) });
      await send(app, api, {
        anonymous: true,
        headers: { ...secretly(api), 'X-Mock-Scenario': 'server-error' },
      });
      await send(app, api, { anonymous: true, headers: secretly(api), body: api.invalidBody });
      await send(app, api, {
        anonymous: true,
        headers: secretly(api),
        path: `${api.path}?token=${SECRET}&api_key=${SECRET}&client_secret=${SECRET}`,
      });
      const response = await request(app).get('/__mock/requests').expect(200);
      expect(objectsAt(jsonObject(response.text), 'requests')).toHaveLength(4);
      expect(response.text).not.toContain(SECRET);
      expect(JSON.stringify(app.mockgram.journal.list())).not.toContain(SECRET);
    }
    const [withQuery] = await journal(open, '?limit=1');
    expect(String(withQuery?.['path'])).toMatch(/token=%5Bredacted%5D|token=\[redacted\]/);
  });
});

describe('a bounded journal', () => {
  it('with journalSize: 5, after 20 requests only the newest 5 remain', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, journalSize: 5 });
    for (let i = 0; i < 20; i++) {
      await send(app, SENSAY, { headers: { 'X-Mock-Session': `s${i}`, 'X-Mock-Scenario': 'server-error' } });
    }
    const listed = jsonObject((await request(app).get('/__mock/requests').expect(200)).text);
    expect(listed['capacity']).toBe(5);
    expect(objectsAt(listed, 'requests').map((e) => e['session'])).toEqual([
      's19',
      's18',
      's17',
      's16',
      's15',
    ]);
    expect(await journal(app, '?limit=50')).toHaveLength(5);
  });
});

describe('journalSize', () => {
  it.each([-1, 2.5, Number.NaN])('%s fails createMockApp with INVALID_OPTION', async (journalSize) => {
    await expect(
      createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, journalSize }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('journalSize') as unknown,
    });
  });

  it('0 keeps no requests, and the mock still answers', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, journalSize: 0 });
    await send(app, SENSAY).expect(200);
    await send(app, SENSAY).expect(200);
    expect(await journal(app)).toEqual([]);
    expect(app.mockgram.journal.list()).toEqual([]);
  });
});

describe('POST /__mock/reset', () => {
  it('resets server-wide and session scenarios, sequences, rules and the journal', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const sequence = { 'X-Mock-Scenario': 'accepted-then-success' };
    await request(app).put('/__mock/scenarios/active').send({ scenario: 'server-error' }).expect(200);
    await request(app)
      .put('/__mock/scenarios/active')
      .send({ scenario: 'unauthorized', session: 'A' })
      .expect(200);
    await request(app).put('/__mock/rules/strict-telegram-tokens').send({ enabled: true }).expect(200);
    await send(app, SENSAY, { headers: sequence }).expect(202);
    await send(app, SENSAY, { headers: sequence }).expect(200);
    expect(await journal(app)).toHaveLength(2);

    const reset = await request(app).post('/__mock/reset').expect(200);
    expect(jsonObject(reset.text)).toEqual({
      reset: true,
      active: { global: {}, sessions: {}, enabledRules: [] },
    });
    expect(await journal(app)).toEqual([]);
    await send(app, SENSAY).expect(200);
    await send(app, SENSAY, { headers: { 'X-Mock-Session': 'A' } }).expect(200);
    await send(app, SENSAY, { headers: sequence }).expect(202);
    await send(app, SENSAY, { body: { telegram_token: 'string', mention: 'acme_support_bot' } }).expect(200);
    const listed = jsonObject((await request(app).get('/__mock/scenarios').expect(200)).text);
    expect(objectAt(listed, 'active')).toEqual({ global: {}, sessions: {}, enabledRules: [] });
    expect(await journal(app)).toHaveLength(4);
  });
});
