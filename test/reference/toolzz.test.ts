import type { Express } from 'express';
import request from 'supertest';
import type { Test } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReferenceApp } from './app.ts';
import {
  BOT,
  MASKED_TELEGRAM_TOKEN,
  TELEGRAM_TOKEN,
  TOOLZZ_PATH,
  TOOLZZ_TIMESTAMP,
  TOOLZZ_TOKEN,
  UNIT,
  UNKNOWN_BOT,
  UNKNOWN_INTEGRATION,
  UNKNOWN_UNIT,
  UUID_PATTERN,
  VALID_TOOLZZ_BODY,
  referenceOptions,
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

function post(path = TOOLZZ_PATH): Test {
  return request(app).post(path).set('Authorization', `Bearer ${TOOLZZ_TOKEN}`);
}

interface ErrorCase {
  readonly name: string;
  readonly send: () => Test;
  readonly status: number;
  readonly reason: string;
  /** A fragment of `message` (joined when it is a list) naming what is wrong. */
  readonly mentions: RegExp;
}

const errorCases: readonly ErrorCase[] = [
  {
    name: 'unknown route',
    send: () => post('/api/v1/nothing'),
    status: 404,
    reason: 'Not Found',
    mentions: /nothing/,
  },
  { name: 'bare base path', send: () => post('/api'), status: 404, reason: 'Not Found', mentions: /\/api/ },
  {
    name: 'GET on the create path',
    send: () => request(app).get(TOOLZZ_PATH),
    status: 405,
    reason: 'Method Not Allowed',
    mentions: /POST/,
  },
  {
    name: 'no Authorization header',
    send: () => request(app).post(TOOLZZ_PATH).send(VALID_TOOLZZ_BODY),
    status: 401,
    reason: 'Unauthorized',
    mentions: /Authorization/,
  },
  {
    name: 'Basic instead of Bearer',
    send: () =>
      request(app).post(TOOLZZ_PATH).set('Authorization', `Basic ${TOOLZZ_TOKEN}`).send(VALID_TOOLZZ_BODY),
    status: 401,
    reason: 'Unauthorized',
    mentions: /Bearer/,
  },
  {
    name: 'wrong bearer token',
    send: () => request(app).post(TOOLZZ_PATH).set('Authorization', 'Bearer wrong').send(VALID_TOOLZZ_BODY),
    status: 401,
    reason: 'Unauthorized',
    mentions: /Invalid access token/,
  },
  {
    name: 'text/plain body',
    send: () => post().type('text').send(JSON.stringify(VALID_TOOLZZ_BODY)),
    status: 415,
    reason: 'Unsupported Media Type',
    mentions: /text\/plain/,
  },
  {
    name: 'malformed JSON',
    send: () => post().type('json').send('{"botId":'),
    status: 400,
    reason: 'Bad Request',
    mentions: /JSON/,
  },
  {
    name: 'botId that is not a UUID',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, botId: 'uuid' }),
    status: 400,
    reason: 'Bad Request',
    mentions: /botId must be a UUID/,
  },
  {
    name: 'missing unitId',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, unitId: undefined }),
    status: 400,
    reason: 'Bad Request',
    mentions: /unitId is required/,
  },
  {
    name: 'empty title',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, title: '' }),
    status: 400,
    reason: 'Bad Request',
    mentions: /title/,
  },
  {
    name: 'scope "group" (the response table typo)',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, scope: 'group' }),
    status: 400,
    reason: 'Bad Request',
    mentions: /scope must be one of the following values: both, private, groups/,
  },
  {
    name: 'botToken that is a number',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, botToken: 7701101112 }),
    status: 400,
    reason: 'Bad Request',
    mentions: /botToken/,
  },
  {
    name: 'array body',
    send: () => post().send([VALID_TOOLZZ_BODY]),
    status: 400,
    reason: 'Bad Request',
    mentions: /JSON object/,
  },
  {
    name: 'unknown bot',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, botId: UNKNOWN_BOT }),
    status: 404,
    reason: 'Not Found',
    mentions: new RegExp(UNKNOWN_BOT),
  },
  {
    name: 'unknown unit',
    send: () => post().send({ ...VALID_TOOLZZ_BODY, unitId: UNKNOWN_UNIT }),
    status: 404,
    reason: 'Not Found',
    mentions: new RegExp(UNKNOWN_UNIT),
  },
];

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((entry) => typeof entry === 'string'))
    return message.join('\n');
  throw new TypeError(`message is neither a string nor a string[]: ${JSON.stringify(message)}`);
}

describe('Toolzz create Telegram integration: errors', () => {
  it.each(errorCases)(
    '$name -> $status in the Toolzz error format',
    async ({ send, status, reason, mentions }) => {
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const body = jsonObjectOf(response);
      expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
      expect([body.statusCode, body.error]).toEqual([status, reason]);
      expect(messageText(body.message)).toMatch(mentions);
      expect(response.text).not.toContain(TELEGRAM_TOKEN);
    },
  );

  it('lists every invalid field in message', async () => {
    const response = await post().send({ title: 'Only a title' });
    expect(jsonObjectOf(response).message).toEqual([
      'botId is required and must be a UUID',
      'unitId is required and must be a UUID',
      'scope is required and must be one of the following values: both, private, groups',
      'botToken is required and must be a non-empty string',
    ]);
  });

  it('asks for a bearer token on 401', async () => {
    const response = await request(app).post(TOOLZZ_PATH).send(VALID_TOOLZZ_BODY);
    expect([response.status, response.headers['www-authenticate']]).toEqual([401, 'Bearer']);
  });

  it('answers 405 with an Allow header naming POST', async () => {
    const response = await request(app).patch(TOOLZZ_PATH).send(VALID_TOOLZZ_BODY);
    expect([response.status, response.headers.allow]).toEqual([405, 'POST']);
  });

  it.each([
    {
      name: 'credentials before media type',
      send: () => request(app).post(TOOLZZ_PATH).type('text').send('x'),
      status: 401,
    },
    { name: 'media type before JSON syntax', send: () => post().type('text').send('{'), status: 415 },
    { name: 'body before the bot lookup', send: () => post().send({ botId: UNKNOWN_BOT }), status: 400 },
    {
      name: 'bot before unit',
      send: () => post().send({ ...VALID_TOOLZZ_BODY, botId: UNKNOWN_BOT, unitId: UNKNOWN_UNIT }),
      status: 404,
      mentions: /Bot/,
    },
  ])('checks $name', async ({ send, status, mentions }) => {
    const response = await send();
    expect(response.status).toBe(status);
    if (mentions !== undefined) expect(messageText(jsonObjectOf(response).message)).toMatch(mentions);
  });

  it('answers 500 in the Toolzz format when the database fails', async () => {
    store.close();
    const response = await post().send(VALID_TOOLZZ_BODY);
    expect([response.status, jsonObjectOf(response)]).toEqual([
      500,
      { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' },
    ]);
  });
});

describe('Toolzz create Telegram integration: success', () => {
  it('returns the full integration with the token masked', async () => {
    const response = await post().send(VALID_TOOLZZ_BODY);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = jsonObjectOf(response);
    expect(body.id).toMatch(UUID_PATTERN);
    expect(body.createdAt).toMatch(TOOLZZ_TIMESTAMP);
    expect(body).toEqual({
      id: body.id,
      botId: BOT,
      unitId: UNIT,
      title: 'Telegram Support',
      isActive: true,
      botToken: MASKED_TELEGRAM_TOKEN,
      isTokenMasked: true,
      scope: 'groups',
      welcomeMessage: '',
      createdAt: body.createdAt,
      updatedAt: body.createdAt,
      deletedAt: null,
    });
    expect(response.text).not.toContain(TELEGRAM_TOKEN);
  });

  it.each(['both', 'private', 'groups'])('accepts scope %s and ignores unknown fields', async (scope) => {
    const response = await post().send({ ...VALID_TOOLZZ_BODY, scope, welcome: 'hi' });
    expect([response.status, jsonObjectOf(response).scope]).toEqual([200, scope]);
  });

  it('accepts a charset parameter and an upper-case media type and scheme', async () => {
    const response = await request(app)
      .post(TOOLZZ_PATH)
      .set('Authorization', `bearer ${TOOLZZ_TOKEN}`)
      .set('Content-Type', 'APPLICATION/JSON; charset=UTF-8')
      .send(JSON.stringify(VALID_TOOLZZ_BODY));
    expect(response.status).toBe(200);
  });

  it('stores the integration in SQLite, token only masked and hashed', async () => {
    const { id } = jsonObjectOf(await post().send(VALID_TOOLZZ_BODY));
    if (typeof id !== 'string') throw new TypeError(`id is ${typeof id}`);
    expect(store.findToolzzIntegration(id)).toMatchObject({
      id,
      botId: BOT,
      botTokenMasked: MASKED_TELEGRAM_TOKEN,
    });
    const rows = store.connection.prepare('SELECT * FROM toolzz_telegram_integrations').all();
    expect(JSON.stringify(rows)).not.toContain(TELEGRAM_TOKEN);
  });

  it('gives a second integration a different id', async () => {
    const first = jsonObjectOf(await post().send(VALID_TOOLZZ_BODY)).id;
    const second = jsonObjectOf(await post().send(VALID_TOOLZZ_BODY)).id;
    expect(second).not.toBe(first);
    expect(store.connection.prepare('SELECT COUNT(*) AS n FROM toolzz_telegram_integrations').get()).toEqual({
      n: 2,
    });
  });
});

function call(method: 'get' | 'put' | 'delete', path: string): Test {
  return request(app)[method](path).set('Authorization', `Bearer ${TOOLZZ_TOKEN}`);
}

async function created(body: Record<string, unknown> = VALID_TOOLZZ_BODY): Promise<Record<string, unknown>> {
  return jsonObjectOf(await post().send(body).expect(200));
}

const UPDATE = { botId: BOT, unitId: UNIT, title: 'Telegram Support (private)', scope: 'private' } as const;

describe('Toolzz get a Telegram integration', () => {
  it('returns exactly what create answered', async () => {
    const integration = await created();
    const response = await call('get', `${TOOLZZ_PATH}/${String(integration.id)}`);
    expect([response.status, jsonObjectOf(response)]).toEqual([200, integration]);
    expect(response.text).not.toContain(TELEGRAM_TOKEN);
  });

  it.each([
    { name: 'unknown id', id: UNKNOWN_INTEGRATION, status: 404, mentions: new RegExp(UNKNOWN_INTEGRATION) },
    {
      name: 'id that is not a UUID',
      id: 'not-a-uuid',
      status: 400,
      mentions: /integrationId must be a UUID/,
    },
  ])('$name -> $status in the Toolzz error format', async ({ id, status, mentions }) => {
    await created();
    const response = await call('get', `${TOOLZZ_PATH}/${id}`);
    const body = jsonObjectOf(response);
    expect([response.status, body.statusCode, Object.keys(body).sort()]).toEqual([
      status,
      status,
      ['error', 'message', 'statusCode'],
    ]);
    expect(messageText(body.message)).toMatch(mentions);
  });

  it('asks for credentials before looking anything up', async () => {
    const response = await request(app).get(`${TOOLZZ_PATH}/not-a-uuid`);
    expect([response.status, response.headers['www-authenticate']]).toEqual([401, 'Bearer']);
  });
});

describe("Toolzz list a unit's Telegram integrations", () => {
  it('returns {data: []} for a unit without integrations, then every integration of the unit, oldest first', async () => {
    const empty = await call('get', `${TOOLZZ_PATH}/unit/${UNIT}`);
    expect([empty.status, jsonObjectOf(empty)]).toEqual([200, { data: [] }]);
    const first = await created();
    const second = await created({ ...VALID_TOOLZZ_BODY, title: 'Second' });
    const response = await call('get', `${TOOLZZ_PATH}/unit/${UNIT.toUpperCase()}`);
    expect([response.status, jsonObjectOf(response)]).toEqual([200, { data: [first, second] }]);
  });

  it.each([
    { name: 'unknown unit', unit: UNKNOWN_UNIT, status: 404, mentions: new RegExp(UNKNOWN_UNIT) },
    { name: 'unit that is not a UUID', unit: 'unit-1', status: 400, mentions: /unitId must be a UUID/ },
  ])('$name -> $status', async ({ unit, status, mentions }) => {
    const response = await call('get', `${TOOLZZ_PATH}/unit/${unit}`);
    expect([response.status, jsonObjectOf(response).statusCode]).toEqual([status, status]);
    expect(messageText(jsonObjectOf(response).message)).toMatch(mentions);
  });
});

describe('Toolzz update a Telegram integration', () => {
  it('changes bot, unit, title and scope; keeps id, createdAt and the masked token; moves updatedAt on', async () => {
    const integration = await created();
    const path = `${TOOLZZ_PATH}/${String(integration.id)}`;
    const response = await call('put', path).send({ ...UPDATE, botToken: 'ignored:token', extra: 1 });
    expect(response.status).toBe(200);
    const updated = jsonObjectOf(response);
    expect(updated).toEqual({
      ...integration,
      title: UPDATE.title,
      scope: UPDATE.scope,
      updatedAt: updated.updatedAt,
    });
    expect(updated.updatedAt).toMatch(TOOLZZ_TIMESTAMP);
    expect(String(updated.updatedAt) > String(integration.createdAt)).toBe(true);
    expect(jsonObjectOf(await call('get', path))).toEqual(updated);
    const again = jsonObjectOf(await call('put', path).send(UPDATE).expect(200));
    expect(String(again.updatedAt) > String(updated.updatedAt)).toBe(true);
  });

  it.each([
    {
      name: 'unknown id',
      path: `${TOOLZZ_PATH}/${UNKNOWN_INTEGRATION}`,
      send: UPDATE,
      status: 404,
      mentions: new RegExp(UNKNOWN_INTEGRATION),
    },
    {
      name: 'id that is not a UUID',
      path: `${TOOLZZ_PATH}/x`,
      send: UPDATE,
      status: 400,
      mentions: /integrationId must be a UUID/,
    },
    {
      name: 'missing title',
      path: undefined,
      send: { ...UPDATE, title: undefined },
      status: 400,
      mentions: /title is required/,
    },
    {
      name: 'scope outside the enum',
      path: undefined,
      send: { ...UPDATE, scope: 'group' },
      status: 400,
      mentions: /scope must be one of/,
    },
    {
      name: 'unknown bot',
      path: undefined,
      send: { ...UPDATE, botId: UNKNOWN_BOT },
      status: 404,
      mentions: new RegExp(UNKNOWN_BOT),
    },
  ])('$name -> $status, and nothing changes', async ({ path, send, status, mentions }) => {
    const integration = await created();
    const own = `${TOOLZZ_PATH}/${String(integration.id)}`;
    const response = await call('put', path ?? own).send(send);
    expect([response.status, jsonObjectOf(response).statusCode]).toEqual([status, status]);
    expect(messageText(jsonObjectOf(response).message)).toMatch(mentions);
    expect(jsonObjectOf(await call('get', own))).toEqual(integration);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const integration = await created();
    const response = await call('put', `${TOOLZZ_PATH}/${String(integration.id)}`)
      .type('text')
      .send(JSON.stringify(UPDATE));
    expect(response.status).toBe(415);
  });

  it.each([
    { method: 'delete' as const, path: `${TOOLZZ_PATH}/${UNKNOWN_INTEGRATION}`, allow: 'GET, PUT' },
    { method: 'put' as const, path: `${TOOLZZ_PATH}/unit/${UNIT}`, allow: 'GET' },
  ])('answers 405 for $method on $path (Toolzz documents no DELETE)', async ({ method, path, allow }) => {
    const response = await call(method, path);
    expect([response.status, response.headers.allow]).toEqual([405, allow]);
  });
});
