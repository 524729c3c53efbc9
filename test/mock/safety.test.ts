import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { APIS, expectProblem, jsonObject, SENSAY, TOOLZZ, UUID, type ApiCase } from './apis.ts';
import { rawRequest } from './rawHttp.ts';

const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC];

/** `levels` nested objects, e.g. 2 → `{"d":{}}`. */
function nested(levels: number): string {
  return `${'{"d":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}

describe('request bodies the mock refuses before reading them', () => {
  let mock: StartedMock;

  beforeAll(async () => {
    mock = await startMock({ specs: SPECS });
  });
  afterAll(async () => {
    await mock.close();
  });

  it.each(APIS)(
    '$name: a declared 100 MiB body gets 413 although only a few bytes were ever sent',
    async (api: ApiCase) => {
      const response = await rawRequest(mock.url, {
        method: 'POST',
        path: api.path,
        headers: {
          ...api.credentials,
          'Content-Type': 'application/json',
          'Content-Length': String(100 * 1024 * 1024),
        },
        body: '{"a":',
        leaveOpen: true,
      });
      expectProblem(response, 413);
      expect(response.headers['connection']).toBe('close');
    },
  );

  it('a chunked body is refused once it crosses the limit, without waiting for its end', async () => {
    const response = await rawRequest(mock.url, {
      method: 'POST',
      path: SENSAY.path,
      headers: { ...SENSAY.credentials, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: Buffer.alloc(1024 * 1024 + 1, 0x20),
      leaveOpen: true,
    });
    expectProblem(response, 413);
  });

  it.each(APIS)('$name: a body with no Content-Type at all gets 415', async (api: ApiCase) => {
    const text = JSON.stringify(api.body);
    const response = await rawRequest(mock.url, {
      method: 'POST',
      path: api.path,
      headers: { ...api.credentials, 'Content-Length': String(Buffer.byteLength(text)) },
      body: text,
    });
    expect(response.status).toBe(415);
    const checker = await loadSpecChecker(api.spec);
    expect(checker.problems(api.operationId, response)).toEqual([]);
    const body = jsonObject(response.text);
    api.expectErrorShape(body, 415);
    expect(api.errorText(body)).toContain('Content-Type is missing');
  });
});

describe('JSON nesting', () => {
  let app: MockApp;

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS });
  });

  const postToolzz = (target: MockApp, extra: string) => {
    const text = JSON.stringify(TOOLZZ.body);
    return request(target)
      .post(TOOLZZ.path)
      .set(TOOLZZ.credentials)
      .set('Content-Type', 'application/json')
      .send(`${text.slice(0, -1)},"extra":${extra}}`);
  };

  it('64 levels are accepted: a valid Toolzz body carrying 63 more levels gets 200', async () => {
    const response = await postToolzz(app, nested(63));
    expect(response.status).toBe(200);
  });

  it('65 levels are refused with 400 before they are parsed', async () => {
    const response = await postToolzz(app, nested(64));
    expect(response.status).toBe(400);
    expect(TOOLZZ.errorText(jsonObject(response.text))).toContain('nested deeper than 64 levels');
  });

  it('brackets inside strings do not count as nesting', async () => {
    const response = await postToolzz(app, JSON.stringify('{['.repeat(500)));
    expect(response.status).toBe(200);
  });

  it('100 000 levels are refused without overflowing the stack, and the server keeps answering', async () => {
    const response = await postToolzz(app, '['.repeat(100_000));
    expect(response.status).toBe(400);
    expect((await postToolzz(app, '{}')).status).toBe(200);
  });

  it('the maxDepth option moves the limit', async () => {
    const shallow = await createMockApp({ specs: SPECS, maxDepth: 3 });
    expect((await postToolzz(shallow, nested(2))).status).toBe(200);
    const refused = await postToolzz(shallow, nested(3));
    expect(refused.status).toBe(400);
    expect(TOOLZZ.errorText(jsonObject(refused.text))).toContain('nested deeper than 3 levels');
  });
});

describe('__proto__ and constructor keys', () => {
  let app: MockApp;
  const probe = 'mockgramPolluted';

  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS });
  });

  afterEach(() => {
    expect(Object.prototype).not.toHaveProperty(probe);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain(probe);
    expect(({} as Record<string, unknown>)[probe]).toBeUndefined();
  });

  const hostile = (body: Record<string, unknown>): string => {
    const text = JSON.stringify(body);
    return `${text.slice(0, -1)},"__proto__":{"${probe}":true},"constructor":{"prototype":{"${probe}":true}}}`;
  };

  it('sensay rejects the unknown keys with 400 naming them', async () => {
    const response = await request(app)
      .post(SENSAY.path)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(hostile(SENSAY.body));
    expect(response.status).toBe(400);
    const error = SENSAY.errorText(jsonObject(response.text));
    expect(error).toContain("must NOT have additional properties: '__proto__'");
    expect(error).toContain("'constructor'");
  });

  it('toolzz allows unknown keys and still answers a sane integration object', async () => {
    const response = await request(app)
      .post(TOOLZZ.path)
      .set(TOOLZZ.credentials)
      .set('Content-Type', 'application/json')
      .send(hostile(TOOLZZ.body));
    expect(response.status).toBe(200);
    const body = jsonObject(response.text);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.keys(body)).not.toContain('__proto__');
    expect(Object.keys(body)).not.toContain('constructor');
    expect(response.text).not.toContain(probe);
    expect(body['id']).toMatch(UUID);
    expect(body['botId']).toBe(TOOLZZ.body['botId']);
    const checker = await loadSpecChecker(TOOLZZ_SPEC);
    expect(checker.problems(TOOLZZ.operationId, response)).toEqual([]);
  });

  it('a nested __proto__ inside an allowed field changes nothing either', async () => {
    const response = await request(app)
      .post(TOOLZZ.path)
      .set(TOOLZZ.credentials)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify(TOOLZZ.body).replace(
          /}$/,
          `,"settings":{"__proto__":{"${probe}":1},"nested":{"constructor":{"prototype":{"${probe}":1}}}}}`,
        ),
      );
    expect(response.status).toBe(200);
    expect(response.text).not.toContain(probe);
  });

  it('a __proto__ query parameter changes nothing', async () => {
    const response = await request(app)
      .post(`${SENSAY.path}?__proto__[${probe}]=1&constructor[prototype][${probe}]=1`)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SENSAY.body));
    expect(response.status).toBe(200);
  });
});
