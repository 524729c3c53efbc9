import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import {
  createRequestJournal,
  JOURNAL_BODY_LIMIT,
  type JournalEvent,
} from '../../src/journal/createRequestJournal.ts';
import {
  APIS,
  jsonObject,
  objectAt,
  objectsAt,
  SCENARIO_FILES,
  send,
  SENSAY,
  SPECS,
  TELEGRAM_TOKEN,
  TOOLZZ,
  type JsonObject,
} from '../scenarios/scenarioApis.ts';

async function detail(app: MockApp, id: unknown): Promise<JsonObject> {
  return jsonObject(
    (
      await request(app)
        .get(`/__mock/requests/${String(id)}`)
        .expect(200)
    ).text,
  );
}

async function newestId(app: MockApp): Promise<unknown> {
  const listed = jsonObject((await request(app).get('/__mock/requests?limit=1').expect(200)).text);
  return objectsAt(listed, 'requests')[0]?.['id'];
}

function headerValue(pairs: unknown, name: string): unknown {
  if (!Array.isArray(pairs)) throw new Error('expected header pairs');
  const found: unknown = pairs.find((pair) => Array.isArray(pair) && pair[0] === name);
  return Array.isArray(found) ? found[1] : undefined;
}

describe('GET /__mock/requests/{id}: the exchange in full, secrets redacted', () => {
  let app: MockApp;

  beforeEach(async () => {
    app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  });

  it.each(APIS)('$name: request and answer headers and bodies; no credential anywhere', async (api) => {
    const answer = await send(app, api, { headers: { 'X-Mock-Session': 'tab-1' } }).expect(200);
    const shown = await detail(app, await newestId(app));
    expect(shown).toMatchObject({ method: 'POST', path: api.path, status: 200, session: 'tab-1' });
    const exchange = objectAt(shown, 'exchange');
    const sent = objectAt(exchange, 'request');
    const received = objectAt(exchange, 'response');
    expect(headerValue(sent['headers'], 'x-mock-session')).toBe('tab-1');
    expect(headerValue(sent['headers'], 'content-type')).toBe('application/json');
    const credential = Object.keys(api.credentials)[0]?.toLowerCase() ?? '';
    expect(headerValue(sent['headers'], credential)).toBe('[redacted]');
    expect(headerValue(received['headers'], 'X-Mock-Scenario')).toBe('success');
    const requestBody = jsonObject(String(objectAt(sent, 'body')['text']));
    const tokenField = api.name === 'sensay' ? 'telegram_token' : 'botToken';
    expect(requestBody[tokenField]).toBe('[redacted]');
    expect(Object.keys(requestBody).sort()).toEqual(Object.keys(api.body).sort());
    const responseBody = jsonObject(String(objectAt(received, 'body')['text']));
    expect(Object.keys(responseBody).sort()).toEqual(Object.keys(jsonObject(answer.text)).sort());
    const text = JSON.stringify(shown);
    for (const secret of [...Object.values(api.credentials), TELEGRAM_TOKEN])
      expect(text).not.toContain(secret.replace(/^Bearer /, ''));
  });

  it('keeps a body that is not JSON, and says when no answer was sent', async () => {
    await request(app)
      .post(SENSAY.path)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send('{"telegram_token": "abc", "mention": ')
      .expect(400);
    const malformed = objectAt(await detail(app, await newestId(app)), 'exchange');
    expect(objectAt(objectAt(malformed, 'request'), 'body')).toEqual({
      text: '{"telegram_token": "[redacted]", "mention": ',
      truncated: false,
    });

    await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'connection-reset' } }).catch(() => undefined);
    const reset = await detail(app, await newestId(app));
    expect(reset['status']).toBe(0);
    expect(objectAt(reset, 'exchange')['response']).toBeUndefined();
  });

  it('cuts bodies longer than the limit and says so', async () => {
    const body: JsonObject = { ...TOOLZZ.body };
    delete body['title'];
    body['title'] = 'x'.repeat(JOURNAL_BODY_LIMIT * 3);
    await send(app, TOOLZZ, { body }).expect(200);
    const exchange = objectAt(await detail(app, await newestId(app)), 'exchange');
    for (const side of ['request', 'response']) {
      const body = objectAt(objectAt(exchange, side), 'body');
      expect(body['truncated']).toBe(true);
      expect(String(body['text']).length).toBeLessThanOrEqual(JOURNAL_BODY_LIMIT);
    }
    const sent = String(objectAt(objectAt(exchange, 'request'), 'body')['text']);
    expect(sent).toContain('"botToken":"[redacted]"');
    expect(sent).not.toContain(TELEGRAM_TOKEN);
  });

  it('404 for an id the journal no longer holds', async () => {
    const small = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, journalSize: 2 });
    for (let i = 0; i < 3; i++) await send(small, SENSAY).expect(200);
    await request(small).get('/__mock/requests/1').expect(404);
    await request(small).get('/__mock/requests/2').expect(200);
    await request(small).get('/__mock/requests/3').expect(200);
    await request(small).get('/__mock/requests/4').expect(404);
    await request(small).get('/__mock/requests/x').expect(404);
  });
});

describe('GET /__mock/requests filters', () => {
  it('by session, operation, status (code or class) and since', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await send(app, SENSAY, { headers: { 'X-Mock-Session': 'A' } }).expect(200);
    await send(app, TOOLZZ, { headers: { 'X-Mock-Session': 'A', 'X-Mock-Scenario': 'not-found' } }).expect(
      404,
    );
    await send(app, SENSAY, { headers: { 'X-Mock-Scenario': 'server-error' } }).expect(500);
    const ids = async (query: string): Promise<unknown[]> =>
      objectsAt(
        jsonObject((await request(app).get(`/__mock/requests${query}`).expect(200)).text),
        'requests',
      ).map((entry) => entry['id']);
    expect(await ids('')).toEqual([3, 2, 1]);
    expect(await ids('?session=A')).toEqual([2, 1]);
    expect(await ids(`?operation=${SENSAY.operationId}`)).toEqual([3, 1]);
    expect(await ids('?status=4xx')).toEqual([2]);
    expect(await ids('?status=500')).toEqual([3]);
    expect(await ids('?since=1')).toEqual([3, 2]);
    expect(await ids('?session=A&status=2xx')).toEqual([1]);
    await request(app).get('/__mock/requests?status=teapot').expect(400);
  });
});

describe('journal.subscribe', () => {
  it('hears every record and clear until it unsubscribes', () => {
    const journal = createRequestJournal(2);
    const events: JournalEvent[] = [];
    const unsubscribe = journal.subscribe((event) => events.push(event));
    const entry = {
      method: 'GET',
      path: '/x',
      status: 200,
      operation: undefined,
      scenario: 'success',
      session: undefined,
      valid: true,
      problems: [],
      durationMs: 1,
    };
    journal.record(entry);
    journal.clear();
    unsubscribe();
    journal.record(entry);
    expect(events.map((e) => (e.kind === 'recorded' ? e.entry.id : e.kind))).toEqual([1, 'cleared']);
    expect(journal.list().map((e) => e.id)).toEqual([2]);
  });
});

describe('DELETE /__mock/scenarios/active?operation=', () => {
  it('forgets one operation’s choice and keeps the others', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    for (const [api, scenario] of [
      [SENSAY, 'server-error'],
      [TOOLZZ, 'server-error'],
    ] as const) {
      await request(app)
        .put('/__mock/scenarios/active')
        .send({ scenario, operation: api.operationId })
        .expect(200);
      await request(app)
        .put('/__mock/scenarios/active')
        .send({ scenario: 'unauthorized', operation: api.operationId, session: 'S' })
        .expect(200);
    }
    const cleared = await request(app)
      .delete(`/__mock/scenarios/active?operation=${SENSAY.operationId}`)
      .expect(200);
    expect(objectAt(jsonObject(cleared.text), 'active')).toMatchObject({
      global: { [TOOLZZ.operationId]: 'server-error' },
      sessions: { S: { [SENSAY.operationId]: 'unauthorized', [TOOLZZ.operationId]: 'unauthorized' } },
    });
    await send(app, SENSAY).expect(200);
    await send(app, TOOLZZ).expect(500);
    await request(app)
      .delete(`/__mock/scenarios/active?operation=${TOOLZZ.operationId}&session=S`)
      .expect(200);
    await send(app, TOOLZZ, { headers: { 'X-Mock-Session': 'S' } }).expect(500);
    await send(app, SENSAY, { headers: { 'X-Mock-Session': 'S' } }).expect(401);
  });
});
