import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import {
  APIS,
  jsonObject,
  SENSAY,
  SENSAY_FINGERPRINT,
  SENSAY_REQUEST_ID,
  TELEGRAM_TOKEN,
  TOOLZZ,
  TOOLZZ_TIMESTAMP,
  UUID,
  type ApiCase,
} from './apis.ts';

const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC];

function createIntegration(app: MockApp, api: ApiCase, extraHeaders: Record<string, string> = {}) {
  return request(app)
    .post(api.path)
    .set(api.credentials)
    .set(extraHeaders)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(api.body));
}

describe('the default answer to a valid request', () => {
  let app: MockApp;
  const checkers = new Map<string, SpecChecker>();

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS });
    for (const api of APIS) checkers.set(api.name, await loadSpecChecker(api.spec));
  });

  const problems = (
    api: ApiCase,
    response: { status: number; text: string; headers: Record<string, string> },
  ) => checkers.get(api.name)?.problems(api.operationId, response) ?? ['no checker'];

  it('sensay: 200 {success: true, id: <positive integer>} with X-API-Version 2025-03-25 when none was sent', async () => {
    const response = await createIntegration(app, SENSAY);
    expect(response.status).toBe(200);
    expect(problems(SENSAY, response)).toEqual([]);
    const body = jsonObject(response.text);
    expect(Object.keys(body).sort()).toEqual(['id', 'success']);
    expect(body['success']).toBe(true);
    expect(Number.isInteger(body['id'])).toBe(true);
    expect(body['id']).toBeGreaterThan(0);
    expect(response.headers['x-api-version']).toBe('2025-03-25');
  });

  it.each(['2025-04-01', '2024-12-31', 'latest', '!!!'])(
    'sensay: any X-API-Version is accepted (Sensay publishes no format) and echoed: %s',
    async (version) => {
      const response = await createIntegration(app, SENSAY, { 'X-API-Version': version });
      expect(response.status).toBe(200);
      expect(response.headers['x-api-version']).toBe(version);
      expect(problems(SENSAY, response)).toEqual([]);
    },
  );

  it('toolzz: the whole integration object, echoing the request and masking the token', async () => {
    const response = await createIntegration(app, TOOLZZ);
    expect(response.status).toBe(200);
    expect(problems(TOOLZZ, response)).toEqual([]);
    const body = jsonObject(response.text);
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'botId',
        'unitId',
        'title',
        'isActive',
        'botToken',
        'isTokenMasked',
        'scope',
        'welcomeMessage',
        'createdAt',
        'updatedAt',
        'deletedAt',
      ].sort(),
    );
    expect(body['id']).toMatch(UUID);
    expect(body['id']).not.toBe(TOOLZZ.body['botId']);
    expect(body['botId']).toBe(TOOLZZ.body['botId']);
    expect(body['unitId']).toBe(TOOLZZ.body['unitId']);
    expect(body['title']).toBe(TOOLZZ.body['title']);
    expect(body['scope']).toBe(TOOLZZ.body['scope']);
    expect(body['isTokenMasked']).toBe(true);
    expect(body['isActive']).toBe(true);
    expect(body['welcomeMessage']).toBe('');
    expect(body['deletedAt']).toBeNull();
    expect(body['createdAt']).toMatch(TOOLZZ_TIMESTAMP);
    expect(body['updatedAt']).toBe(body['createdAt']);
  });

  it('toolzz: the bot token is masked and the raw token appears nowhere in the response', async () => {
    const response = await createIntegration(app, TOOLZZ);
    const body = jsonObject(response.text);
    const masked = String(body['botToken']);
    expect(masked).not.toBe(TELEGRAM_TOKEN);
    expect(masked).toMatch(/\*{8,}/);
    const secretPart = TELEGRAM_TOKEN.split(':')[1] ?? TELEGRAM_TOKEN;
    expect(response.text).not.toContain(secretPart);
    expect(JSON.stringify(response.headers)).not.toContain(secretPart);
    expect(JSON.stringify(response.headers)).not.toContain('toolzz-access-token-91be');
  });

  it.each(['both', 'private', 'groups'])('toolzz: scope %s is echoed', async (scope) => {
    const response = await request(app)
      .post(TOOLZZ.path)
      .set(TOOLZZ.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...TOOLZZ.body, scope, title: `Title for ${scope}` }));
    expect(response.status).toBe(200);
    const body = jsonObject(response.text);
    expect(body['scope']).toBe(scope);
    expect(body['title']).toBe(`Title for ${scope}`);
  });

  it('toolzz: two identical requests get different ids', async () => {
    const first = jsonObject((await createIntegration(app, TOOLZZ)).text);
    const second = jsonObject((await createIntegration(app, TOOLZZ)).text);
    expect(first['id']).toMatch(UUID);
    expect(second['id']).toMatch(UUID);
    expect(first['id']).not.toBe(second['id']);
  });

  it('sensay: request_id and fingerprint of errors follow the documented formats', async () => {
    for (const response of [
      await request(app).post(SENSAY.path).set('Content-Type', 'application/json').send('{}'),
      await request(app)
        .post(SENSAY.path)
        .set(SENSAY.credentials)
        .set('Content-Type', 'application/json')
        .send('{}'),
      await request(app).post('/nowhere').send(),
    ]) {
      const body = jsonObject(response.text);
      expect(body['request_id']).toMatch(SENSAY_REQUEST_ID);
      if (response.status === 404) expect(body).not.toHaveProperty('fingerprint');
      else expect(body['fingerprint']).toMatch(SENSAY_FINGERPRINT);
    }
  });
});

describe('seeded answers', () => {
  /** The same request sequence against a fresh app: a success twice and an error, for each API. */
  async function answers(seed: string | number | undefined): Promise<string[]> {
    const app = await createMockApp({ specs: SPECS, seed });
    const bodies: string[] = [];
    for (const api of APIS) {
      bodies.push((await createIntegration(app, api)).text);
      bodies.push((await createIntegration(app, api, { 'X-Request-Note': 'second' })).text);
      const invalid = await request(app)
        .post(api.path)
        .set(api.credentials)
        .set('Content-Type', 'application/json')
        .send('{}');
      expect(invalid.status).toBe(400);
      bodies.push(invalid.text);
    }
    return bodies;
  }

  /** Sensay's numeric id, Sensay's error request_id, Toolzz's UUID id. */
  const ids = (bodies: readonly string[]): unknown[] =>
    [0, 2, 3].map((index) => {
      const body = jsonObject(bodies[index] ?? '');
      return body['id'] ?? body['request_id'];
    });

  it('two apps with the same seed give identical bodies for the same requests', async () => {
    const first = await answers('demo-seed');
    const second = await answers('demo-seed');
    expect(second).toEqual(first);
    expect(ids(first)).toEqual([
      expect.any(Number),
      expect.stringMatching(SENSAY_REQUEST_ID),
      expect.stringMatching(UUID),
    ]);
  });

  it('a numeric seed works like a string seed', async () => {
    expect(await answers(42)).toEqual(await answers(42));
  });

  it('different seeds give different ids', async () => {
    const first = ids(await answers('seed-a'));
    const second = ids(await answers('seed-b'));
    for (const [index, value] of first.entries()) expect(second[index]).not.toEqual(value);
  });

  it('without a seed the same request gets fresh ids', async () => {
    const app = await createMockApp({ specs: SPECS });
    const sensayIds = new Set<unknown>();
    const toolzzIds = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      sensayIds.add(jsonObject((await createIntegration(app, SENSAY)).text)['id']);
      toolzzIds.add(jsonObject((await createIntegration(app, TOOLZZ)).text)['id']);
    }
    expect(sensayIds.size).toBeGreaterThan(1);
    expect(toolzzIds.size).toBe(5);
  });

  it('an unseeded answer is not determined by a seeded answer given before it', async () => {
    const seeded = await createMockApp({ specs: SPECS, seed: 'before' });
    const unseeded = await createMockApp({ specs: SPECS });
    const afterSeeded = async (): Promise<unknown> => {
      await createIntegration(seeded, TOOLZZ);
      return jsonObject((await createIntegration(unseeded, TOOLZZ)).text)['id'];
    };
    const first = await afterSeeded();
    const second = await afterSeeded();
    expect(first).toMatch(UUID);
    expect(second).not.toBe(first);
  });
});
