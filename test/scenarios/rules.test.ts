import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import {
  jsonObject,
  objectsAt,
  SCENARIO_FILES,
  send,
  SENSAY,
  sensayPath,
  SPECS,
  TELEGRAM_TOKEN,
  TOOLZZ,
} from './scenarioApis.ts';

const MISSING_REPLICAS = ['00000000-0000-4000-8000-000000000000', '11111111-1111-4111-8111-111111111111'];
const UNKNOWN_BOT = '00000000-0000-4000-8000-000000000000';

/** Tokens BotFather would never issue, and ones shaped like its tokens (digits, a colon, 35 characters). */
const NOT_BOTFATHER = [
  'string',
  '7701101112:short',
  '7701101112-AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y',
  '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6',
  '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Yz',
  'bot7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y',
];
const BOTFATHER = [TELEGRAM_TOKEN, '123456789:AAquJ4OaiEu1fE7U1FRxf8SP4FbqB9qMkjy'];

let sensay: SpecChecker;
let toolzz: SpecChecker;

beforeAll(async () => {
  sensay = await loadSpecChecker(SENSAY.spec);
  toolzz = await loadSpecChecker(TOOLZZ.spec);
});

const withToken = (app: MockApp, token: string) =>
  send(app, SENSAY, { body: { telegram_token: token, mention: 'acme_support_bot' } });

describe('sensay: the missing-replicas rule', () => {
  let app: MockApp;
  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  });

  it.each(MISSING_REPLICAS)('replica %s answers replica-not-found naming it', async (replica) => {
    const response = await send(app, SENSAY, { path: sensayPath(replica) });
    expect(response.status).toBe(404);
    expect(response.headers['x-mock-scenario']).toBe('replica-not-found');
    expect(sensay.problems(SENSAY.operationId, response)).toEqual([]);
    expect(jsonObject(response.text)['error']).toBe(`Replica ${replica} not found`);
  });

  it('any other replica is created', async () => {
    const response = await send(app, SENSAY, { path: sensayPath('22222222-2222-4222-8222-222222222222') });
    expect(response.status).toBe(200);
    expect(response.headers['x-mock-scenario']).toBe('success');
  });

  it('a listed replica with an invalid body gets the validation error: rules only answer valid requests', async () => {
    const response = await send(app, SENSAY, {
      path: sensayPath(MISSING_REPLICAS[0] ?? ''),
      body: SENSAY.invalidBody,
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-mock-scenario']).toBe('request-validation');
  });

  it('GET /__mock/scenarios lists the rule as enabled (it is not opt-in)', async () => {
    const listed = jsonObject((await request(app).get('/__mock/scenarios').expect(200)).text);
    const rules = objectsAt(listed, 'apis')
      .flatMap((api) => objectsAt(api, 'operations'))
      .flatMap((operation) => objectsAt(operation, 'rules'));
    expect(rules).toContainEqual(
      expect.objectContaining({
        name: 'missing-replicas',
        scenario: 'replica-not-found',
        optIn: false,
        enabled: true,
      }),
    );
  });
});

describe('toolzz: the unknown-bots rule', () => {
  it('the listed botId answers not-found naming it; another botId is created', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const missing = await send(app, TOOLZZ, { body: { ...TOOLZZ.body, botId: UNKNOWN_BOT } });
    expect(missing.status).toBe(404);
    expect(missing.headers['x-mock-scenario']).toBe('not-found');
    expect(toolzz.problems(TOOLZZ.operationId, missing)).toEqual([]);
    expect(jsonObject(missing.text)['message']).toBe(`Bot ${UNKNOWN_BOT} not found`);
    const found = await send(app, TOOLZZ);
    expect(found.status).toBe(200);
  });
});

describe('sensay: the opt-in strict-telegram-tokens rule', () => {
  it.each(NOT_BOTFATHER)('is off by default: telegram_token %j is accepted', async (token) => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const response = await withToken(app, token);
    expect(response.status).toBe(200);
    expect(response.headers['x-mock-scenario']).toBe('success');
  });

  describe('enabled with enabledRules', () => {
    let app: MockApp;
    beforeAll(async () => {
      app = await createMockApp({
        specs: SPECS,
        scenarioFiles: SCENARIO_FILES,
        enabledRules: ['strict-telegram-tokens'],
      });
    });

    it.each(NOT_BOTFATHER)('telegram_token %j gets 400 invalid-telegram-token', async (token) => {
      const response = await withToken(app, token);
      expect(response.status).toBe(400);
      expect(response.headers['x-mock-scenario']).toBe('invalid-telegram-token');
      expect(sensay.problems(SENSAY.operationId, response)).toEqual([]);
      expect(jsonObject(response.text)['error']).toMatch(
        /^body\/telegram_token must be a Telegram bot token/,
      );
    });

    it.each(BOTFATHER)('telegram_token %j (digits, a colon, 35 characters) gets 200', async (token) => {
      const response = await withToken(app, token);
      expect(response.status).toBe(200);
      expect(response.headers['x-mock-scenario']).toBe('success');
    });

    it('the missing-replicas rule comes first in the file, so it answers first', async () => {
      const response = await send(app, SENSAY, {
        path: sensayPath(MISSING_REPLICAS[1] ?? ''),
        body: { telegram_token: 'string', mention: 'acme_support_bot' },
      });
      expect(response.headers['x-mock-scenario']).toBe('replica-not-found');
    });

    it('an explicit X-Mock-Scenario still beats the rule', async () => {
      const response = await send(app, SENSAY, {
        headers: { 'X-Mock-Scenario': 'success' },
        body: { telegram_token: 'string', mention: 'acme_support_bot' },
      });
      expect(response.status).toBe(200);
    });
  });

  it('PUT /__mock/rules/strict-telegram-tokens turns it on and off at run time', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const on = await request(app)
      .put('/__mock/rules/strict-telegram-tokens')
      .send({ enabled: true })
      .expect(200);
    expect(jsonObject(on.text)).toMatchObject({ active: { enabledRules: ['strict-telegram-tokens'] } });
    const rejected = await withToken(app, 'string');
    expect(rejected.status).toBe(400);
    expect(rejected.headers['x-mock-scenario']).toBe('invalid-telegram-token');
    const accepted = await withToken(app, TELEGRAM_TOKEN);
    expect(accepted.status).toBe(200);

    const listed = jsonObject((await request(app).get('/__mock/scenarios').expect(200)).text);
    const rules = objectsAt(listed, 'apis')
      .flatMap((api) => objectsAt(api, 'operations'))
      .flatMap((operation) => objectsAt(operation, 'rules'));
    expect(rules).toContainEqual(
      expect.objectContaining({ name: 'strict-telegram-tokens', optIn: true, enabled: true }),
    );

    await request(app).put('/__mock/rules/strict-telegram-tokens').send({ enabled: false }).expect(200);
    expect((await withToken(app, 'string')).status).toBe(200);
  });

  it('POST /__mock/reset turns a rule enabled at run time off again', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await request(app).put('/__mock/rules/strict-telegram-tokens').send({ enabled: true }).expect(200);
    expect((await withToken(app, 'string')).status).toBe(400);
    await request(app).post('/__mock/reset').expect(200);
    expect((await withToken(app, 'string')).status).toBe(200);
  });
});

describe('the rules admin endpoint refuses what it cannot do', () => {
  let app: MockApp;
  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  });

  it('an unknown rule: 404 naming the rules there are', async () => {
    const response = await request(app).put('/__mock/rules/strict-tokens').send({ enabled: true });
    expect(response.status).toBe(404);
    const detail = String(jsonObject(response.text)['detail']);
    for (const rule of ['missing-replicas', 'strict-telegram-tokens', 'unknown-bots'])
      expect(detail).toContain(rule);
  });

  it.each([{}, { enabled: 'yes' }, { enabled: 1 }])('body %j: 400 saying what to send', async (body) => {
    const response = await request(app).put('/__mock/rules/strict-telegram-tokens').send(body);
    expect(response.status).toBe(400);
    expect(String(jsonObject(response.text)['detail'])).toContain('"enabled"');
  });

  it('a body that is not JSON: 400', async () => {
    const response = await request(app)
      .put('/__mock/rules/strict-telegram-tokens')
      .set('Content-Type', 'application/json')
      .send('{"enabled": tru');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
