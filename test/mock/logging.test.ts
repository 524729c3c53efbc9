import request from 'supertest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, createMockApp, type MockApp } from '../../src/index.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { SENSAY, TOOLZZ } from './apis.ts';

const ORGANIZATION_SECRET = 'org-secret-LOGPROBE-1a2b';
const BEARER_TOKEN = 'bearer-LOGPROBE-3c4d';
const TELEGRAM_SECRET = 'AAlogprobeTelegramSecretXyz0123456789';
const TELEGRAM_TOKEN = `7701101112:${TELEGRAM_SECRET}`;
const QUERY_SECRET = 'query-LOGPROBE-5e6f';
const SECRETS = [ORGANIZATION_SECRET, BEARER_TOKEN, TELEGRAM_SECRET, QUERY_SECRET];

describe('one log line per request, without secrets', () => {
  let lines: string[];
  let app: MockApp;

  beforeEach(async () => {
    lines = [];
    app = await createMockApp({
      specs: [SENSAY_SPEC, TOOLZZ_SPEC],
      logger: createLogger('info', (line) => {
        lines.push(line);
      }),
    });
  });

  /** The log is written once the answer has been sent; wait for it instead of guessing. */
  const linesAfter = async (count: number): Promise<string[]> => {
    await vi.waitFor(() => {
      expect(lines.length).toBeGreaterThanOrEqual(count);
    });
    return lines;
  };

  it.each([
    ['a Sensay success', SENSAY, 200],
    ['a Toolzz success', TOOLZZ, 200],
  ] as const)('%s gives one line with method, path, status and duration', async (_label, api, status) => {
    await request(app)
      .post(api.path)
      .set(api.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(api.body))
      .expect(status);
    const logged = await linesAfter(1);
    expect(logged).toHaveLength(1);
    const [line = ''] = logged;
    expect(line).toContain(`POST ${api.path} ${String(status)} `);
    expect(line).toMatch(/ \d+(\.\d+)?ms\b/);
  });

  it('errors are logged with their status too, one line each', async () => {
    await request(app).get(SENSAY.path).expect(405);
    await request(app).post('/nowhere').expect(404);
    await request(app).post(TOOLZZ.path).send().expect(401);
    const logged = await linesAfter(3);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(new RegExp(`^GET ${SENSAY.path} 405 \\d+(\\.\\d+)?ms`));
    expect(logged[1]).toMatch(/^POST \/nowhere 404 \d+(\.\d+)?ms/);
    expect(logged[2]).toMatch(new RegExp(`^POST ${TOOLZZ.path} 401 \\d+(\\.\\d+)?ms`));
  });

  it('header secrets, body tokens and secret-looking query parameters never reach the log', async () => {
    await request(app)
      .post(`${SENSAY.path}?api_key=${QUERY_SECRET}&token=${QUERY_SECRET}&page=2`)
      .set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot' }))
      .expect(200);
    await request(app)
      .post(`${TOOLZZ.path}?access_token=${QUERY_SECRET}&password=${QUERY_SECRET}`)
      .set('Authorization', `Bearer ${BEARER_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...TOOLZZ.body, botToken: TELEGRAM_TOKEN }))
      .expect(200);
    // Invalid requests too: the secret is in a body that fails validation, or in a rejected header.
    await request(app)
      .post(SENSAY.path)
      .set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ telegram_token: TELEGRAM_TOKEN }))
      .expect(400);
    await request(app)
      .post(TOOLZZ.path)
      .set('Authorization', `Basic ${BEARER_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...TOOLZZ.body, botToken: TELEGRAM_TOKEN }))
      .expect(401);
    const logged = await linesAfter(4);
    expect(logged).toHaveLength(4);
    for (const line of logged) for (const secret of SECRETS) expect(line).not.toContain(secret);
    expect(logged[0]).toContain('page=2');
    expect(logged[0]).toMatch(/api_key=[^&\s]*redacted/);
  });

  it('the answers do not leak the secrets either', async () => {
    const sensay = await request(app)
      .post(SENSAY.path)
      .set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot', extra: 1 }));
    const toolzz = await request(app)
      .post(TOOLZZ.path)
      .set('Authorization', `Bearer ${BEARER_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...TOOLZZ.body, botToken: TELEGRAM_TOKEN }));
    expect(sensay.status).toBe(400);
    expect(toolzz.status).toBe(200);
    for (const response of [sensay, toolzz]) {
      const everything = `${JSON.stringify(response.headers)}\n${response.text}`;
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
    }
  });

  it('level silent writes nothing', async () => {
    const silent: string[] = [];
    const quiet = await createMockApp({
      specs: [SENSAY_SPEC],
      logger: createLogger('silent', (line) => {
        silent.push(line);
      }),
    });
    await request(quiet).get(SENSAY.path).expect(405);
    expect(silent).toEqual([]);
  });
});
