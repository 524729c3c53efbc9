import type { Express } from 'express';
import request from 'supertest';
import type { Test } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReferenceApp } from './app.ts';
import {
  ORGANIZATION_SECRET,
  REPLICA,
  SENSAY_API_VERSION,
  SENSAY_FINGERPRINT,
  SENSAY_REQUEST_ID,
  TELEGRAM_TOKEN,
  UNKNOWN_REPLICA,
  USER_ID,
  VALID_SENSAY_BODY,
  referenceOptions,
  sensayPath,
} from './fixtures.ts';
import { jsonObjectOf } from './responses.ts';
import { openReferenceStore } from './store.ts';
import type { ReferenceStore } from './store.ts';

let store: ReferenceStore;
let app: Express;

beforeEach(() => {
  store = openReferenceStore();
  app = createReferenceApp(referenceOptions(), store);
});

function post(path = sensayPath(REPLICA)): Test {
  return request(app).post(path).set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET);
}

interface ErrorCase {
  readonly name: string;
  readonly send: () => Test;
  readonly status: number;
  /** A fragment the readable error text must contain (the field or header it is about). */
  readonly mentions: RegExp;
}

const errorCases: readonly ErrorCase[] = [
  { name: 'unknown route', send: () => request(app).get('/v1/nothing-here'), status: 404, mentions: /route/ },
  {
    name: 'route under another case',
    send: () => post('/V1/replicas/x/integrations/telegram'),
    status: 404,
    mentions: /route/,
  },
  {
    name: 'GET on the create path',
    send: () => request(app).get(sensayPath(REPLICA)),
    status: 405,
    mentions: /POST/,
  },
  {
    name: 'PATCH on the integration path',
    send: () => request(app).patch(sensayPath(REPLICA)),
    status: 405,
    mentions: /POST or DELETE/,
  },
  {
    name: 'no X-ORGANIZATION-SECRET',
    send: () => request(app).post(sensayPath(REPLICA)).send(VALID_SENSAY_BODY),
    status: 401,
    mentions: /X-ORGANIZATION-SECRET/,
  },
  {
    name: 'wrong X-ORGANIZATION-SECRET',
    send: () =>
      request(app).post(sensayPath(REPLICA)).set('X-ORGANIZATION-SECRET', 'nope').send(VALID_SENSAY_BODY),
    status: 401,
    mentions: /X-ORGANIZATION-SECRET/,
  },
  {
    name: 'unknown X-USER-ID',
    send: () => post().set('X-USER-ID', 'someone-else').send(VALID_SENSAY_BODY),
    status: 401,
    mentions: /X-USER-ID/,
  },
  {
    name: 'text/plain body',
    send: () => post().set('Content-Type', 'text/plain').send(JSON.stringify(VALID_SENSAY_BODY)),
    status: 415,
    mentions: /text\/plain/,
  },
  {
    name: 'application/merge-patch+json body',
    send: () =>
      post().set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(VALID_SENSAY_BODY)),
    status: 415,
    mentions: /merge-patch/,
  },
  {
    name: 'malformed JSON',
    send: () => post().set('Content-Type', 'application/json').send('{"telegram_token": '),
    status: 400,
    mentions: /JSON/,
  },
  {
    name: 'empty JSON body',
    send: () => post().set('Content-Type', 'application/json'),
    status: 400,
    mentions: /required/,
  },
  {
    name: 'replicaUUID that is not a UUID',
    send: () => post(sensayPath('not-a-uuid')).send(VALID_SENSAY_BODY),
    status: 400,
    mentions: /replicaUUID/,
  },
  {
    name: 'missing mention',
    send: () => post().send({ telegram_token: TELEGRAM_TOKEN }),
    status: 400,
    mentions: /mention/,
  },
  {
    name: 'missing telegram_token',
    send: () => post().send({ mention: 'acme_support_bot' }),
    status: 400,
    mentions: /telegram_token/,
  },
  {
    name: 'mention that is a number',
    send: () => post().send({ ...VALID_SENSAY_BODY, mention: 42 }),
    status: 400,
    mentions: /mention must be a string/,
  },
  {
    name: 'empty telegram_token',
    send: () => post().send({ ...VALID_SENSAY_BODY, telegram_token: '' }),
    status: 400,
    mentions: /telegram_token must not be empty/,
  },
  {
    name: 'extra property',
    send: () => post().send({ ...VALID_SENSAY_BODY, webhook: 'https://example.test' }),
    status: 400,
    mentions: /webhook/,
  },
  { name: 'array body', send: () => post().send([VALID_SENSAY_BODY]), status: 400, mentions: /array/ },
  {
    name: 'unknown replica',
    send: () => post(sensayPath(UNKNOWN_REPLICA)).send(VALID_SENSAY_BODY),
    status: 404,
    mentions: new RegExp(UNKNOWN_REPLICA),
  },
];

describe('Sensay create Telegram integration: errors', () => {
  it.each(errorCases)('$name -> $status in the Sensay error format', async ({ send, status, mentions }) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-api-version']).toBe(SENSAY_API_VERSION);
    const body = jsonObjectOf(response);
    expect(body.success).toBe(false);
    expect(body.error).toMatch(mentions);
    expect(body.request_id).toMatch(SENSAY_REQUEST_ID);
    if (status === 404) expect(body).not.toHaveProperty('fingerprint');
    else expect(body.fingerprint).toMatch(SENSAY_FINGERPRINT);
    expect(response.text).not.toContain(TELEGRAM_TOKEN);
  });

  it('answers 405 with an Allow header naming POST and DELETE', async () => {
    const response = await request(app).put(sensayPath(REPLICA)).send(VALID_SENSAY_BODY);
    expect([response.status, response.headers.allow]).toEqual([405, 'POST, DELETE']);
  });

  it.each([
    {
      name: 'credentials before media type',
      send: () => request(app).post(sensayPath('x')).type('text').send('hi'),
      status: 401,
    },
    {
      name: 'media type before JSON syntax',
      send: () => post(sensayPath('x')).type('text').send('{'),
      status: 415,
    },
    {
      name: 'JSON syntax before the path parameter',
      send: () => post(sensayPath('x')).type('json').send('{'),
      status: 400,
      mentions: /JSON/,
    },
    {
      name: 'path parameter before the body',
      send: () => post(sensayPath('x')).send({}),
      status: 400,
      mentions: /replicaUUID/,
    },
    {
      name: 'body before the replica lookup',
      send: () => post(sensayPath(UNKNOWN_REPLICA)).send({}),
      status: 400,
      mentions: /telegram_token/,
    },
  ])('checks $name', async ({ send, status, mentions }) => {
    const response = await send();
    expect(response.status).toBe(status);
    if (mentions !== undefined) expect(jsonObjectOf(response).error).toMatch(mentions);
  });

  it('answers 500 with inner_exception when the database fails', async () => {
    store.close();
    const response = await post().send(VALID_SENSAY_BODY);
    expect(response.status).toBe(500);
    const body = jsonObjectOf(response);
    expect(body).toMatchObject({ success: false, inner_exception: { name: 'Error' } });
    expect(body.request_id).toMatch(SENSAY_REQUEST_ID);
    expect(body.fingerprint).toMatch(SENSAY_FINGERPRINT);
    expect(body.inner_exception).toHaveProperty('message', expect.any(String));
  });
});

describe('Sensay create Telegram integration: success', () => {
  it.each([
    { name: 'application/json', contentType: 'application/json' },
    { name: 'a charset parameter', contentType: 'application/json; charset=utf-8' },
    { name: 'upper-case media type', contentType: 'Application/JSON;Charset=UTF-8' },
  ])('accepts $name', async ({ contentType }) => {
    const response = await post().set('Content-Type', contentType).send(JSON.stringify(VALID_SENSAY_BODY));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = jsonObjectOf(response);
    expect([Object.keys(body).sort(), body.success, Number.isSafeInteger(body.id)]).toEqual([
      ['id', 'success'],
      true,
      true,
    ]);
  });

  it('accepts a known X-USER-ID and an upper-case replica UUID', async () => {
    const response = await post(sensayPath(REPLICA.toUpperCase()))
      .set('X-USER-ID', USER_ID)
      .send(VALID_SENSAY_BODY);
    expect(response.status).toBe(200);
  });

  it('stores the integration in SQLite and returns its row id', async () => {
    const response = await post().send(VALID_SENSAY_BODY);
    const { id } = jsonObjectOf(response);
    if (typeof id !== 'number') throw new TypeError(`id is ${typeof id}`);
    expect(store.findSensayIntegration(id)).toMatchObject({
      id,
      replicaUuid: REPLICA,
      mention: 'acme_support_bot',
    });
  });

  it('keeps one integration per replica: a second create replaces the first with a new id (200)', async () => {
    const first = await post().send(VALID_SENSAY_BODY);
    const second = await post().send({ telegram_token: '8801101112:AAother', mention: 'other_bot' });
    const [firstId, secondId] = [jsonObjectOf(first).id, jsonObjectOf(second).id];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(typeof firstId === 'number' && typeof secondId === 'number' && secondId > firstId).toBe(true);
    expect(typeof firstId === 'number' && store.findSensayIntegration(firstId)).toBe(undefined);
    expect(store.findSensayIntegrationOfReplica(REPLICA)).toMatchObject({
      id: secondId,
      mention: 'other_bot',
    });
  });

  it('keeps no raw telegram_token in the database', async () => {
    await post().send(VALID_SENSAY_BODY);
    const rows = store.connection.prepare('SELECT * FROM sensay_telegram_integrations').all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(TELEGRAM_TOKEN);
  });

  it.each([
    { sent: undefined, served: SENSAY_API_VERSION },
    { sent: '2025-04-01', served: '2025-04-01' },
    // Sensay publishes the header as a plain string: no value is refused.
    { sent: 'latest', served: 'latest' },
  ])('serves X-API-Version $served when the request sends $sent', async ({ sent, served }) => {
    const pending = post();
    const response = await (sent === undefined ? pending : pending.set('X-API-Version', sent)).send(
      VALID_SENSAY_BODY,
    );
    expect([response.status, response.headers['x-api-version']]).toEqual([200, served]);
  });
});

function remove(path = sensayPath(REPLICA)): Test {
  return request(app).delete(path).set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET);
}

describe('Sensay delete Telegram integration', () => {
  it("deletes the replica's integration: 200 {success: true}, and the row is gone", async () => {
    await post().send(VALID_SENSAY_BODY);
    const response = await remove();
    expect([response.status, response.headers['content-type'], jsonObjectOf(response)]).toEqual([
      200,
      expect.stringMatching(/^application\/json/),
      { success: true },
    ]);
    expect(response.headers['x-api-version']).toBe(SENSAY_API_VERSION);
    expect(store.findSensayIntegrationOfReplica(REPLICA)).toBeUndefined();
  });

  it("answers 404 in Sensay's format when the replica has no integration (never created, or deleted)", async () => {
    await post().send(VALID_SENSAY_BODY);
    await remove().expect(200);
    for (const response of [await remove(), await remove(sensayPath(REPLICA.toUpperCase()))]) {
      expect(response.status).toBe(404);
      const body = jsonObjectOf(response);
      expect(Object.keys(body).sort()).toEqual(['error', 'request_id', 'success']);
      expect(body.success).toBe(false);
      expect(body.error).toMatch(/^Replica [0-9a-fA-F-]{36} has no Telegram integration$/);
      expect(body.request_id).toMatch(SENSAY_REQUEST_ID);
    }
  });

  it('a create after a delete starts a new integration', async () => {
    await post().send(VALID_SENSAY_BODY);
    await remove().expect(200);
    const created = jsonObjectOf(await post().send(VALID_SENSAY_BODY).expect(200));
    expect(store.findSensayIntegrationOfReplica(REPLICA)).toMatchObject({ id: created.id });
    await remove().expect(200);
  });

  it.each([
    {
      name: 'no X-ORGANIZATION-SECRET',
      send: () => request(app).delete(sensayPath(REPLICA)),
      status: 401,
      mentions: /X-ORGANIZATION-SECRET/,
    },
    {
      name: 'credentials before the path parameter',
      send: () => request(app).delete(sensayPath('x')).set('X-ORGANIZATION-SECRET', 'nope'),
      status: 401,
      mentions: /X-ORGANIZATION-SECRET/,
    },
    {
      name: 'replicaUUID that is not a UUID',
      send: () => remove(sensayPath('x')),
      status: 400,
      mentions: /replicaUUID/,
    },
    {
      name: 'unknown replica',
      send: () => remove(sensayPath(UNKNOWN_REPLICA)),
      status: 404,
      mentions: new RegExp(`Replica ${UNKNOWN_REPLICA} not found`),
    },
  ])('$name -> $status', async ({ send, status, mentions }) => {
    await post().send(VALID_SENSAY_BODY);
    const response = await send();
    expect(response.status).toBe(status);
    const body = jsonObjectOf(response);
    expect(body.error).toMatch(mentions);
    expect(body.request_id).toMatch(SENSAY_REQUEST_ID);
    if (status === 404) expect(body).not.toHaveProperty('fingerprint');
    else expect(body.fingerprint).toMatch(SENSAY_FINGERPRINT);
    expect(store.findSensayIntegrationOfReplica(REPLICA)).toBeDefined();
  });
});
