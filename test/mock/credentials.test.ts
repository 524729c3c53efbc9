import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { jsonObject, SENSAY, TOOLZZ, type ApiCase } from './apis.ts';

const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC];

function post(app: MockApp, api: ApiCase, headers: Record<string, string>) {
  return request(app)
    .post(api.path)
    .set(headers)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(api.body));
}

describe('well-formed credentials are accepted when no list is configured', () => {
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS });
  });

  it.each([
    [SENSAY, { 'X-ORGANIZATION-SECRET': 'any-secret' }],
    [SENSAY, { 'X-ORGANIZATION-SECRET': 'any-secret', 'X-USER-ID': 'user-7d2a' }],
    [TOOLZZ, { Authorization: 'Bearer any-token' }],
    [TOOLZZ, { Authorization: 'bearer any-token' }],
    [TOOLZZ, { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' }],
  ] as const)('%#: %o', async (api, headers) => {
    expect((await post(app, api, headers)).status).toBe(200);
  });

  it.each([
    { Authorization: 'Bearer two tokens' },
    { Authorization: 'Token abc' },
    { Authorization: 'Bearer not{token68}' },
  ])('toolzz refuses the malformed %o with 401 and WWW-Authenticate', async (headers) => {
    const response = await post(app, TOOLZZ, headers);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    TOOLZZ.expectErrorShape(jsonObject(response.text), 401);
  });
});

describe('the credentials option lists the accepted values', () => {
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({
      specs: SPECS,
      credentials: {
        sensay: { organizationSecret: ['org-secret-good'] },
        toolzz: { bearerAuth: ['toolzz-token-good'] },
      },
    });
  });

  it.each([
    [SENSAY, { 'X-ORGANIZATION-SECRET': 'org-secret-good' }, { 'X-ORGANIZATION-SECRET': 'org-secret-bad' }],
    [TOOLZZ, { Authorization: 'Bearer toolzz-token-good' }, { Authorization: 'Bearer toolzz-token-bad' }],
  ] as const)('%#: a listed value gets 200, any other 401', async (api, good, bad) => {
    expect((await post(app, api, good)).status).toBe(200);
    const refused = await post(app, api, bad);
    expect(refused.status).toBe(401);
    const checker = await loadSpecChecker(api.spec);
    expect(checker.problems(api.operationId, refused)).toEqual([]);
    const body = jsonObject(refused.text);
    api.expectErrorShape(body, 401);
    expect(api.errorText(body)).toContain('not accepted');
    for (const value of Object.values(bad)) expect(refused.text).not.toContain(value.replace(/^Bearer /, ''));
  });

  it('a scheme that is not listed still accepts any well-formed value', async () => {
    const response = await post(app, SENSAY, {
      'X-ORGANIZATION-SECRET': 'org-secret-good',
      'X-USER-ID': 'whoever',
    });
    expect(response.status).toBe(200);
  });

  it('credentials for a scheme the spec does not define are refused at start-up', async () => {
    await expect(
      createMockApp({ specs: SPECS, credentials: { toolzz: { apiKey: ['x'] } } }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('apiKey') as unknown,
    });
  });
});
