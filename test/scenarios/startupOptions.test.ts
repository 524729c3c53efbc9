import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMockApp, MockgramError } from '../../src/index.ts';
import { SCENARIO_FILES, send, SENSAY, SPECS } from './scenarioApis.ts';

const NOT_A_BOTFATHER_TOKEN = { telegram_token: 'string', mention: 'acme_support_bot' };

describe('opt-in rules enabled at start-up', () => {
  it('stay enabled after POST /__mock/reset, which returns to the start-up state', async () => {
    const app = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      enabledRules: ['strict-telegram-tokens'],
    });
    expect((await send(app, SENSAY, { body: NOT_A_BOTFATHER_TOKEN })).status).toBe(400);
    await request(app).put('/__mock/rules/strict-telegram-tokens').send({ enabled: false }).expect(200);
    expect((await send(app, SENSAY, { body: NOT_A_BOTFATHER_TOKEN })).status).toBe(200);
    await request(app).post('/__mock/reset').expect(200);
    expect((await send(app, SENSAY, { body: NOT_A_BOTFATHER_TOKEN })).status).toBe(400);
  });

  it('must exist: a misspelled name fails start-up and lists the rules', async () => {
    const failure = createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      enabledRules: ['strict-tokens-typo'],
    });
    await expect(failure).rejects.toBeInstanceOf(MockgramError);
    await expect(failure).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('strict-telegram-tokens') as unknown,
    });
  });
});

describe('the admin API path', () => {
  it('is case-sensitive in the Express app as on the raw listener', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await request(app).get('/__mock/health').expect(200);
    const upper = await request(app).get('/__MOCK/health');
    expect(upper.status).toBe(404);
    expect(upper.headers['x-mock-scenario']).toBe('route-not-found');
  });
});
