import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp } from '../../src/index.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { SENSAY_PATH } from './apis.ts';
import { rawRequest } from './rawHttp.ts';

let mock: StartedMock;

beforeAll(async () => {
  mock = await startMock({ specs: [SENSAY_SPEC, TOOLZZ_SPEC] });
});

afterAll(async () => {
  await mock.close();
});

describe('answers given without reading the body', () => {
  it('close the connection when a large body was never read, instead of draining it', async () => {
    const body = 'a'.repeat(200_000);
    const response = await rawRequest(mock.url, {
      method: 'POST',
      path: SENSAY_PATH,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        Connection: 'keep-alive',
      },
      body,
    });
    expect(response.status).toBe(401);
    expect(response.headers['connection']).toBe('close');
  });

  it('keep the connection open when the unread body is small', async () => {
    const response = await rawRequest(mock.url, {
      method: 'POST',
      path: SENSAY_PATH,
      headers: { 'Content-Type': 'application/json', 'Content-Length': '2', Connection: 'keep-alive' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers['connection']).toBe('keep-alive');
  });
});

describe('answers that belong to no operation', () => {
  it.each(['/v1/nowhere', `${SENSAY_PATH}/extra`])(
    'do not echo a request header that no parameter vouches for (%s)',
    async (path) => {
      const app = await createMockApp({ specs: [SENSAY_SPEC] });
      const response = await request(app).post(path).set('X-API-Version', 'sent-by-the-client');
      expect(response.status).toBe(404);
      expect(response.headers['x-api-version']).not.toBe('sent-by-the-client');
    },
  );
});
