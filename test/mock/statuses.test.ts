import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { APIS, expectProblem, jsonObject, SENSAY, type ApiCase, type JsonObject } from './apis.ts';

/** Every status the mock produces on its own, reached by a real request, for both APIs. */
describe.each(APIS)('$name: statuses reached by real requests', (api: ApiCase) => {
  let app: MockApp;
  let checker: SpecChecker;

  beforeAll(async () => {
    app = await createMockApp({ specs: [SENSAY_SPEC, TOOLZZ_SPEC] });
    checker = await loadSpecChecker(api.spec);
  });

  const post = (path = api.path) => request(app).post(path).set(api.credentials);

  /** The answer is documented for the status, valid against its schema, and in the API's own error shape. */
  const expectDocumentedError = (
    response: { status: number; text: string; headers: Record<string, string> },
    status: number,
  ): JsonObject => {
    expect(response.status).toBe(status);
    expect(checker.problems(api.operationId, response)).toEqual([]);
    const body = jsonObject(response.text);
    api.expectErrorShape(body, status);
    return body;
  };

  it('a valid request gets 200 (the baseline every other case breaks one thing of)', async () => {
    const response = await post().set('Content-Type', 'application/json').send(JSON.stringify(api.body));
    expect(response.status).toBe(200);
    expect(checker.problems(api.operationId, response)).toEqual([]);
  });

  it('an unknown path under the API gets 404 in the API error format', async () => {
    const response = await post(api.unknownPath)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(api.body));
    const body = expectDocumentedError(response, 404);
    expect(api.errorText(body)).toContain(api.unknownPath);
  });

  it.each(
    (['get', 'put', 'delete', 'patch'] as const).filter(
      (method) => !api.allow.split(', ').includes(method.toUpperCase()),
    ),
  )('an undocumented method (%s) on a documented path gets 405 with Allow', async (method) => {
    const agent = request(app);
    const response = await agent[method](api.path).set(api.credentials);
    const problem = expectProblem(response, 405);
    expect(response.headers['allow']).toBe(api.allow);
    expect(String(problem['detail'])).toContain(method.toUpperCase());
  });

  it.each(api.badCredentials)('$label gets 401', async ({ headers }) => {
    const response = await request(app)
      .post(api.path)
      .set(headers)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(api.body));
    const body = expectDocumentedError(response, 401);
    expect(api.errorText(body)).toMatch(/credentials/);
  });

  it('credentials are checked before the body: no credentials and a broken body is still 401', async () => {
    const response = await request(app).post(api.path).set('Content-Type', 'text/plain').send('{');
    expectDocumentedError(response, 401);
  });

  it('a body sent as text/plain gets 415', async () => {
    const response = await post().set('Content-Type', 'text/plain').send(JSON.stringify(api.body));
    const body = expectDocumentedError(response, 415);
    expect(api.errorText(body)).toContain('text/plain');
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a body sent as %s gets 415',
    async (contentType) => {
      const response = await post().set('Content-Type', contentType).send(JSON.stringify(api.body));
      expectDocumentedError(response, 415);
    },
  );

  it.each(['application/json; charset=utf-8', 'APPLICATION/JSON', 'Application/Json;charset=UTF-8'])(
    'Content-Type %s is accepted',
    async (contentType) => {
      const response = await post().set('Content-Type', contentType).send(JSON.stringify(api.body));
      expect(response.status).toBe(200);
      expect(checker.problems(api.operationId, response)).toEqual([]);
    },
  );

  it.each(['{', '{"a":1,}', "{'single': 'quotes'}", 'undefined', '[1, 2'])(
    'malformed JSON %j gets 400',
    async (text) => {
      const response = await post().set('Content-Type', 'application/json').send(text);
      const body = expectDocumentedError(response, 400);
      expect(api.errorText(body)).toMatch(/not valid JSON/);
    },
  );

  it('an empty JSON body gets 400 (the body is required)', async () => {
    const response = await post().set('Content-Type', 'application/json').send('');
    const body = expectDocumentedError(response, 400);
    expect(api.errorText(body)).toMatch(/body is required/);
  });

  it.each(api.invalidBodies)(
    'a body with $label gets 400 naming the field and the rule',
    async ({ body, message }) => {
      const response = await post().set('Content-Type', 'application/json').send(JSON.stringify(body));
      const error = expectDocumentedError(response, 400);
      expect(api.errorText(error)).toContain(message);
    },
  );

  it('a JSON body that is not an object gets 400', async () => {
    const response = await post().set('Content-Type', 'application/json').send('[1,2,3]');
    const body = expectDocumentedError(response, 400);
    expect(api.errorText(body)).toContain('body must be object');
  });

  it('a body over 1 MiB gets 413 as application/problem+json', async () => {
    const filler = 'x'.repeat(1024 * 1024);
    const response = await post()
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...api.body, filler }));
    const problem = expectProblem(response, 413);
    expect(String(problem['detail'])).toContain('1048576');
    expect(response.headers['connection']).toBe('close');
  });

  it('JSON nested deeper than 64 levels gets 400', async () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    const response = await post().set('Content-Type', 'application/json').send(deep);
    const body = expectDocumentedError(response, 400);
    expect(api.errorText(body)).toContain('nested deeper than 64 levels');
  });
});

describe('sensay: parameters', () => {
  let app: MockApp;
  let checker: SpecChecker;

  beforeAll(async () => {
    app = await createMockApp({ specs: [SENSAY_SPEC] });
    checker = await loadSpecChecker(SENSAY_SPEC);
  });

  it.each(['not-a-uuid', '03db5651-cb61-4bdf-9ef0-89561f7c9c5', '03db5651cb614bdf9ef089561f7c9c53z'])(
    'replicaUUID %j gets 400 naming the parameter and the rule',
    async (replica) => {
      const response = await request(app)
        .post(`/v1/replicas/${replica}/integrations/telegram`)
        .set(SENSAY.credentials)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(SENSAY.body));
      expect(response.status).toBe(400);
      expect(checker.problems(SENSAY.operationId, response)).toEqual([]);
      const body = jsonObject(response.text);
      SENSAY.expectErrorShape(body, 400);
      expect(SENSAY.errorText(body)).toBe(`path parameter 'replicaUUID' must match format "uuid"`);
    },
  );
});

describe('bodyLimit option', () => {
  const limit = 200;
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({ specs: [SENSAY_SPEC, TOOLZZ_SPEC], bodyLimit: limit });
  });

  it.each(APIS)('$name: a body one byte over the limit gets 413', async (api) => {
    const text = JSON.stringify(api.body);
    const padded = `${text}${' '.repeat(limit + 1 - Buffer.byteLength(text))}`;
    expect(Buffer.byteLength(padded)).toBe(limit + 1);
    const response = await request(app)
      .post(api.path)
      .set(api.credentials)
      .set('Content-Type', 'application/json')
      .send(padded);
    const problem = expectProblem(response, 413);
    expect(String(problem['detail'])).toContain(`${limit} bytes`);
  });

  it.each(APIS)('$name: a body of exactly the limit is read and answered', async (api) => {
    const text = JSON.stringify(api.body);
    const padded = `${text}${' '.repeat(limit - Buffer.byteLength(text))}`;
    expect(Buffer.byteLength(padded)).toBe(limit);
    const response = await request(app)
      .post(api.path)
      .set(api.credentials)
      .set('Content-Type', 'application/json')
      .send(padded);
    expect(response.status).toBe(200);
  });
});

describe('paths no spec owns', () => {
  it('a path outside every base path gets a 404 problem document', async () => {
    const app = await createMockApp({ specs: [TOOLZZ_SPEC] });
    const response = await request(app).get('/elsewhere');
    const problem = expectProblem(response, 404);
    expect(String(problem['detail'])).toContain('/elsewhere');
  });
});
