import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { createReferenceApp } from '../reference/app.ts';
import { referenceOptions, TOOLZZ_TOKEN } from '../reference/fixtures.ts';
import { openReferenceStore } from '../reference/store.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { jsonObject, SENSAY, TOOLZZ } from './apis.ts';

/** A Toolzz body with two problems: a botId that is not a UUID and a scope outside the enum. */
const TWO_PROBLEMS = { ...TOOLZZ.body, botId: 'bot-1', scope: 'group' };

describe('Toolzz: one shape for the 400 of a validation error', () => {
  let app: MockApp;
  let checker: SpecChecker;

  beforeAll(async () => {
    app = await createMockApp({
      specs: [SENSAY_SPEC, TOOLZZ_SPEC],
      scenarioFiles: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
    });
    checker = await loadSpecChecker(TOOLZZ_SPEC);
  });

  const post = (body: string) =>
    request(app).post(TOOLZZ.path).set(TOOLZZ.credentials).set('Content-Type', 'application/json').send(body);

  it('lists one message per problem, as the spec example and the bad-request scenario do', async () => {
    const response = await post(JSON.stringify(TWO_PROBLEMS));
    expect(response.status).toBe(400);
    expect(checker.problems(TOOLZZ.operationId, response)).toEqual([]);
    const body = jsonObject(response.text);
    expect(body['statusCode']).toBe(400);
    expect(body['error']).toBe('Bad Request');
    expect(body['message']).toEqual([
      'body/botId must match format "uuid"',
      'body/scope must be equal to one of the allowed values: "both", "private", "groups"',
    ]);

    const scenario = jsonObject(
      (await post(JSON.stringify(TOOLZZ.body)).set('X-Mock-Scenario', 'bad-request')).text,
    );
    expect(Array.isArray(scenario['message'])).toBe(true);

    const spec = parseYaml(await readFile(TOOLZZ_SPEC, 'utf8')) as {
      components: { responses: Record<string, unknown> };
    };
    const example = JSON.stringify(spec.components.responses['BadRequest']);
    expect(example).toMatch(/"message":\["botId must be a UUID"/);
  });

  it('keeps a string for errors that are not about field values', async () => {
    const malformed = await post('{"botId":');
    expect(malformed.status).toBe(400);
    expect(jsonObject(malformed.text)['message']).toEqual(expect.stringContaining('not valid JSON'));

    const anonymous = await request(app)
      .post(TOOLZZ.path)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(TOOLZZ.body));
    expect(anonymous.status).toBe(401);
    expect(typeof jsonObject(anonymous.text)['message']).toBe('string');

    const unknown = await request(app).get('/api/v1/nothing-here').set(TOOLZZ.credentials);
    expect(unknown.status).toBe(404);
    expect(typeof jsonObject(unknown.text)['message']).toBe('string');
  });

  it("leaves Sensay's error a string: its schema allows no array", async () => {
    const response = await request(app)
      .post(SENSAY.path)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ telegram_token: 7, mention: 8 }));
    expect(response.status).toBe(400);
    expect(jsonObject(response.text)['error']).toEqual(expect.stringContaining('must be string'));
  });
});

describe('Toolzz: the mock and the reference implementation agree on the shape', () => {
  const reference = createReferenceApp(referenceOptions(), openReferenceStore());
  let mock: MockApp;
  beforeAll(async () => {
    mock = await createMockApp({ specs: [TOOLZZ_SPEC] });
  });

  it.each([
    ['a body with two invalid fields', JSON.stringify(TWO_PROBLEMS), 'array'],
    ['malformed JSON', '{"botId":', 'string'],
  ] as const)('%s: message is a %s on both', async (_label, body, shape) => {
    for (const app of [mock, reference]) {
      const response = await request(app)
        .post(TOOLZZ.path)
        .set('Authorization', `Bearer ${TOOLZZ_TOKEN}`)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      const message = jsonObject(response.text)['message'];
      expect(Array.isArray(message) ? 'array' : typeof message).toBe(shape);
      if (Array.isArray(message)) expect(message).toHaveLength(2);
    }
  });
});

describe('any spec: the message field decides', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mockgram-messages-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  /** A one-operation spec whose 400 body is `{message}` with the given schema. */
  async function appWithMessage(name: string, message: unknown): Promise<MockApp> {
    const file = join(scratch, `${name}.json`);
    const spec = {
      openapi: '3.1.0',
      info: { title: name, version: '1' },
      paths: {
        '/things': {
          post: {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['a', 'b', 'c'],
                    properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
                  },
                },
              },
            },
            responses: {
              '200': { description: 'ok' },
              '400': {
                description: 'invalid',
                content: {
                  'application/json': {
                    schema: { type: 'object', required: ['message'], properties: { message } },
                  },
                },
              },
            },
          },
        },
      },
    };
    await writeFile(file, JSON.stringify(spec));
    return createMockApp({ specs: [file] });
  }

  const sendEmptyObject = async (app: MockApp): Promise<unknown> =>
    jsonObject((await request(app).post('/things').set('Content-Type', 'application/json').send('{}')).text)[
      'message'
    ];

  it('an array of strings with maxItems gets at most that many entries, the last one counting the rest', async () => {
    const app = await appWithMessage('capped', { type: 'array', items: { type: 'string' }, maxItems: 2 });
    expect(await sendEmptyObject(app)).toEqual(["body must have required property 'a'", 'and 2 more']);
  });

  it('an untyped field or a plain string stays one sentence', async () => {
    for (const [name, schema] of [
      ['untyped', { description: 'anything' }],
      ['text', { type: 'string' }],
    ] as const) {
      const message = await sendEmptyObject(await appWithMessage(name, schema));
      expect(message).toBe(
        "body must have required property 'a'; body must have required property 'b'; body must have required property 'c'",
      );
    }
  });
});
