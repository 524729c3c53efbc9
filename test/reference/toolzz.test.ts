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
