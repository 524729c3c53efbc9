import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { APIS, SENSAY, type ApiCase } from './apis.ts';

const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC];
const ORIGIN = 'http://localhost:5173';

function listed(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

describe('CORS, on by default', () => {
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS });
  });

  it.each(APIS)(
    '$name: a preflight is answered 204 allowing the method and headers asked for',
    async (api) => {
      const requested = `${Object.keys(api.credentials).join(', ')}, Content-Type`;
      const response = await request(app)
        .options(api.path)
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', requested);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(listed(response.headers['access-control-allow-methods'])).toContain('post');
      expect(listed(response.headers['access-control-allow-headers'])).toEqual(
        expect.arrayContaining(listed(requested)),
      );
      expect(listed(response.headers['vary'])).toContain('origin');
    },
  );

  it('the Sensay preflight from the issue allows X-ORGANIZATION-SECRET and Content-Type', async () => {
    const response = await request(app)
      .options(SENSAY.path)
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'X-ORGANIZATION-SECRET, Content-Type');
    expect(response.status).toBe(204);
    expect(listed(response.headers['access-control-allow-headers'])).toEqual(
      expect.arrayContaining(['x-organization-secret', 'content-type']),
    );
    expect(listed(response.headers['access-control-allow-methods'])).toContain('post');
  });

  it.each(APIS)(
    '$name: answers expose X-API-Version and X-Mock-Scenario, successes and errors alike',
    async (api: ApiCase) => {
      const success = await request(app)
        .post(api.path)
        .set('Origin', ORIGIN)
        .set(api.credentials)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(api.body));
      const failure = await request(app).post(api.path).set('Origin', ORIGIN).send();
      expect(success.status).toBe(200);
      expect(failure.status).toBe(401);
      for (const response of [success, failure]) {
        expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
        expect(listed(response.headers['access-control-expose-headers'])).toEqual(
          expect.arrayContaining(['x-api-version', 'x-mock-scenario']),
        );
      }
    },
  );

  it('a request without Origin still gets a wildcard origin and the exposed headers', async () => {
    const response = await request(app)
      .post(SENSAY.path)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SENSAY.body));
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(listed(response.headers['access-control-expose-headers'])).toContain('x-mock-scenario');
  });
});

describe('cors: false', () => {
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS, cors: false });
  });

  it('a preflight is not answered as one: OPTIONS is an undocumented method (405)', async () => {
    const response = await request(app)
      .options(SENSAY.path)
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'X-ORGANIZATION-SECRET, Content-Type');
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe(SENSAY.allow);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-headers']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers carry no Access-Control headers', async () => {
    const response = await request(app)
      .post(SENSAY.path)
      .set('Origin', ORIGIN)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SENSAY.body));
    expect(response.status).toBe(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});
