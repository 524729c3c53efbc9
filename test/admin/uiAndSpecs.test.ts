import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../src/index.ts';
import { SENSAY_SPEC } from '../support/paths.ts';
import {
  jsonObject,
  objectAt,
  objectsAt,
  SCENARIO_FILES,
  send,
  SENSAY,
  SPECS,
} from '../scenarios/scenarioApis.ts';

describe('GET /__mock/ui and its files', () => {
  it('serves the page with a policy that keeps it on its own origin, and its scripts', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const page = await request(app).get('/__mock/ui').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.text).toContain('<script type="module" src="ui/dashboard.js"></script>');
    expect(page.text).not.toContain('data-token-required');
    const script = await request(app).get('/__mock/ui/dashboard.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    await request(app)
      .get('/__mock/ui/dashboard.js')
      .set('If-None-Match', String(script.headers['etag']))
      .expect(304);
    await request(app).get('/__mock/ui/').expect(301).expect('Location', '../ui');
    for (const missing of ['/__mock/ui/nothing.js', '/__mock/ui/tsconfig.json', '/__mock/ui/index.html'])
      await request(app).get(missing).expect(404);
  });

  it('is served without the admin token, and tells the page to ask for it; the API still needs it', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: 'tok' });
    const page = await request(app).get('/__mock/ui').expect(200);
    expect(page.text).toContain('<html data-token-required lang="en">');
    await request(app).get('/__mock/ui/api.js').expect(200);
    await request(app).get('/__mock/scenarios').expect(401);
    await request(app).get('/__mock/specs').expect(401);
    await request(app).get('/__mock/requests/1').expect(401);
  });
});

describe('GET /__mock/health endpoints', () => {
  it('lists every admin endpoint, so clients can tell which optional ones exist', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const health = jsonObject((await request(app).get('/__mock/health').expect(200)).text);
    expect(health['endpoints']).toEqual(
      expect.arrayContaining([
        'GET /scenarios',
        'PUT /scenarios/active',
        'GET /events',
        'GET /requests/:id',
        'GET /specs/:name',
        'POST /reset',
        'GET /state',
        'PUT /state',
        'GET /coverage',
      ]),
    );
    expect(health['endpoints']).not.toContain('GET /nothing');
  });
});

describe('GET /__mock/specs', () => {
  it('lists the loaded specs and serves each document and its source file', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const listed = objectsAt(jsonObject((await request(app).get('/__mock/specs').expect(200)).text), 'specs');
    expect(listed.map((spec) => [spec['name'], spec['basePath'], spec['file']])).toEqual([
      ['sensay', '/', 'sensay.yaml'],
      ['toolzz', '/api', 'toolzz.yaml'],
    ]);
    const sensay = jsonObject((await request(app).get('/__mock/specs/sensay').expect(200)).text);
    expect(sensay['version']).toBe('3.1');
    expect(Object.keys(objectAt(objectAt(sensay, 'document'), 'paths'))).toEqual([
      '/v1/replicas/{replicaUUID}/integrations/telegram',
    ]);
    const source = await request(app).get('/__mock/specs/sensay/source').expect(200);
    expect(source.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(source.text).toBe(await readFile(SENSAY_SPEC, 'utf8'));
    await request(app).get('/__mock/specs/nothing').expect(404);
    await request(app).get('/__mock/specs/nothing/source').expect(404);
  });

  it('the dashboard never sees the request of a spec file as mock traffic', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await request(app).get('/__mock/specs/sensay').expect(200);
    await send(app, SENSAY).expect(200);
    const listed = objectsAt(
      jsonObject((await request(app).get('/__mock/requests').expect(200)).text),
      'requests',
    );
    expect(listed).toHaveLength(1);
  });
});
