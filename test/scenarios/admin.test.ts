import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { APIS, jsonObject, SCENARIO_FILES, send, SPECS } from './scenarioApis.ts';

const TOKEN = 't';

/** Every admin endpoint with a request it accepts. */
const ENDPOINTS = [
  { method: 'get', path: '/__mock/health', status: 200 },
  { method: 'get', path: '/__mock/scenarios', status: 200 },
  { method: 'put', path: '/__mock/scenarios/active', body: { scenario: 'server-error' }, status: 200 },
  { method: 'delete', path: '/__mock/scenarios/active', status: 200 },
  { method: 'delete', path: '/__mock/scenarios/active?session=A', status: 200 },
  { method: 'put', path: '/__mock/rules/strict-telegram-tokens', body: { enabled: true }, status: 200 },
  { method: 'get', path: '/__mock/requests', status: 200 },
  { method: 'get', path: '/__mock/requests?limit=1', status: 200 },
  { method: 'delete', path: '/__mock/requests', status: 204 },
  { method: 'post', path: '/__mock/reset', status: 200 },
] as const;

type Endpoint = (typeof ENDPOINTS)[number];

function call(target: MockApp | string, endpoint: Endpoint, headers: Record<string, string>) {
  const agent = request(target);
  const pending =
    endpoint.method === 'get'
      ? agent.get(endpoint.path)
      : endpoint.method === 'put'
        ? agent.put(endpoint.path)
        : endpoint.method === 'post'
          ? agent.post(endpoint.path)
          : agent.delete(endpoint.path);
  pending.set(headers);
  return 'body' in endpoint ? pending.send(endpoint.body) : pending;
}

describe('the admin token', () => {
  let app: MockApp;
  let served: StartedMock;

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: TOKEN });
    served = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: TOKEN });
  });

  afterAll(async () => {
    await served.close();
  });

  const targets = [
    { label: 'in-process app', target: () => app },
    { label: 'served listener', target: () => served.url },
  ] as const;

  describe.each(targets)('$label', ({ target }) => {
    it.each(ENDPOINTS)(
      '$method $path without the token: 401 problem saying how to send it',
      async (endpoint) => {
        const response = await call(target(), endpoint, {});
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(String(jsonObject(response.text)['detail'])).toMatch(
          /Authorization: Bearer <token>.*X-Mock-Admin-Token/,
        );
      },
    );

    it.each([
      { label: 'a wrong bearer token', headers: { Authorization: 'Bearer tt' } },
      { label: 'a wrong X-Mock-Admin-Token', headers: { 'X-Mock-Admin-Token': 'T' } },
      { label: 'the token under another scheme', headers: { Authorization: `Basic ${TOKEN}` } },
      { label: 'an empty X-Mock-Admin-Token', headers: { 'X-Mock-Admin-Token': '' } },
    ])('$label: 401', async ({ headers }) => {
      const response = await call(target(), ENDPOINTS[0], headers);
      expect(response.status).toBe(401);
    });

    it.each(ENDPOINTS)('$method $path with Authorization: Bearer t: answered', async (endpoint) => {
      const response = await call(target(), endpoint, { Authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(endpoint.status);
    });

    it.each(ENDPOINTS)('$method $path with X-Mock-Admin-Token: t: answered', async (endpoint) => {
      const response = await call(target(), endpoint, { 'X-Mock-Admin-Token': TOKEN });
      expect(response.status).toBe(endpoint.status);
    });
  });

  it.each(APIS)('$name: the mocked API itself does not ask for the admin token', async (api) => {
    await request(app).post('/__mock/reset').set('X-Mock-Admin-Token', TOKEN).expect(200);
    const response = await send(app, api);
    expect(response.status).toBe(200);
  });

  it('without adminToken the admin API is open', async () => {
    const open = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await request(open).get('/__mock/health').expect(200);
  });
});

describe('the admin API never collides with spec paths', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mockgram-admin-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A one-operation spec serving GET `path` under `server`, written to the temp dir. */
  async function specServing(name: string, path: string, server?: string): Promise<string> {
    const file = join(dir, `${name}.yaml`);
    await writeFile(
      file,
      stringify({
        openapi: '3.1.0',
        info: { title: name, version: '1' },
        ...(server !== undefined && { servers: [{ url: server }] }),
        paths: {
          [path]: {
            get: {
              operationId: `get${name}`,
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        required: ['served'],
                        properties: { served: { const: name } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    );
    return file;
  }

  it.each([
    { label: 'a path under /__mock', name: 'clashpath', path: '/__mock/health', server: undefined },
    { label: 'the /__mock path itself', name: 'clashroot', path: '/__mock', server: undefined },
    {
      label: 'a server URL under /__mock',
      name: 'clashserver',
      path: '/things',
      server: 'https://example.test/__mock',
    },
  ])('$label fails createMockApp with ROUTE_COLLISION naming the file', async ({ name, path, server }) => {
    const spec = await specServing(name, path, server);
    await expect(createMockApp({ specs: [spec] })).rejects.toMatchObject({
      code: 'ROUTE_COLLISION',
      message: expect.stringContaining(spec) as unknown,
    });
  });

  it('a spec path that only starts with the same letters (/__mockery) is served by the mock, not the admin API', async () => {
    const spec = await specServing('lookalike', '/__mockery/things');
    const app = await createMockApp({ specs: [spec] });
    const served = await startMock({ specs: [spec] });
    try {
      for (const target of [app, served.url]) {
        const response = await request(target).get('/__mockery/things').expect(200);
        expect(jsonObject(response.text)).toEqual({ served: 'lookalike' });
        expect(response.headers['x-mock-scenario']).toBe('default');
        const adminHealth = await request(target).get('/__mock/health').expect(200);
        expect(jsonObject(adminHealth.text)['status']).toBe('ok');
      }
    } finally {
      await served.close();
    }
  });

  it('/__mock under an API base path is the API, not the admin (toolzz is served under /api)', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const response = await request(app).get('/api/__mock/health');
    expect(response.status).toBe(404);
    expect(response.headers['x-mock-scenario']).toBe('route-not-found');
  });

  it('an unknown admin endpoint is an admin 404, never handed to the mock', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const response = await request(app).get('/__mock/v1/replicas');
    expect(response.status).toBe(404);
    expect(response.headers).not.toHaveProperty('x-mock-scenario');
    expect(String(jsonObject(response.text)['detail'])).toContain(
      'no admin endpoint GET /__mock/v1/replicas',
    );
  });
});
