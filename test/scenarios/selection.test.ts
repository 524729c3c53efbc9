import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import {
  APIS,
  isObject,
  jsonObject,
  objectAt,
  objectsAt,
  REPLICA,
  SCENARIO_FILES,
  send,
  sensayPath,
  SPECS,
  type ExpectedAnswer,
  type ScenarioApi,
} from './scenarioApis.ts';

/** Which scenario `Prefer: code=N` picks: the first one in the file answering N. */
const PREFERRED: Readonly<Record<ScenarioApi['name'], readonly (readonly [number, string])[]>> = {
  sensay: [
    [200, 'success'],
    [202, 'accepted'],
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [404, 'replica-not-found'],
    [415, 'unsupported-media-type'],
    [500, 'server-error'],
  ],
  toolzz: [
    [200, 'success'],
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [404, 'not-found'],
    [415, 'unsupported-media-type'],
    [500, 'server-error'],
  ],
};

/** A valid request one of the API's default rules answers, and the scenario it answers with. */
const RULE_REQUESTS: Readonly<
  Record<ScenarioApi['name'], { readonly path?: string; readonly body?: object; readonly scenario: string }>
> = {
  sensay: { path: sensayPath('00000000-0000-4000-8000-000000000000'), scenario: 'replica-not-found' },
  toolzz: {
    body: {
      botId: '00000000-0000-4000-8000-000000000000',
      unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
      title: 'Telegram Support',
      scope: 'both',
      botToken: '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y',
    },
    scenario: 'not-found',
  },
};

let app: MockApp;
const checkers = new Map<string, SpecChecker>();

beforeAll(async () => {
  app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
  for (const api of APIS) checkers.set(api.name, await loadSpecChecker(api.spec));
});

afterEach(async () => {
  await request(app).post('/__mock/reset').expect(200);
});

function expectAnswer(
  api: ScenarioApi,
  expected: ExpectedAnswer,
  response: { status: number; text: string; headers: Record<string, string> },
): void {
  expect(response.status).toBe(expected.status);
  expect(response.headers['x-mock-scenario']).toBe(expected.scenario);
  expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
  expected.check(jsonObject(response.text));
}

function answerFor(api: ScenarioApi, scenario: string): ExpectedAnswer {
  const found = api.answers.find((a) => a.scenario === scenario);
  if (!found) throw new Error(`no expected answer for ${api.name} ${scenario}`);
  return found;
}

const setActive = (body: object) => request(app).put('/__mock/scenarios/active').send(body);

/**
 * A mistake about the mock itself: 400 `application/problem+json` with a mockgram problem type, so it cannot be
 * taken for an error of the API (whose own format it never uses).
 */
function expectMockProblem(response: request.Response, code: string): Record<string, unknown> {
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = jsonObject(response.text);
  expect(problem['type']).toBe(`https://mockgram.dev/problems/${code}`);
  expect(problem['title']).toBe('mockgram cannot answer as asked');
  expect(Array.isArray(problem['valid'])).toBe(true);
  return problem;
}

describe.each(APIS)('$name: the scenario names are the public interface', (api) => {
  it('GET /__mock/scenarios lists exactly the documented names, in file order', async () => {
    const response = await request(app).get('/__mock/scenarios').expect(200);
    const apis = objectsAt(jsonObject(response.text), 'apis');
    const operations = apis.flatMap((entry) => objectsAt(entry, 'operations'));
    const operation = operations.find((o) => o['operationId'] === api.operationId);
    if (!operation) throw new Error(`${api.operationId} is not listed`);
    expect(objectsAt(operation, 'scenarios').map((s) => s['name'])).toEqual(api.scenarioNames);
  });

  it('the names every frontend relies on are all there', () => {
    const required =
      api.name === 'sensay'
        ? [
            'success',
            'accepted',
            'bad-request',
            'unauthorized',
            'replica-not-found',
            'unsupported-media-type',
            'server-error',
          ]
        : ['success', 'bad-request', 'unauthorized', 'not-found', 'unsupported-media-type', 'server-error'];
    expect(api.scenarioNames).toEqual(expect.arrayContaining(required));
    expect(api.answers.map((a) => a.scenario)).toEqual(expect.arrayContaining(required));
  });
});

describe.each(APIS)('$name: every scenario through X-Mock-Scenario', (api) => {
  it.each(api.answers)('X-Mock-Scenario: $scenario answers $status', async (expected) => {
    const response = await send(app, api, { headers: { 'X-Mock-Scenario': expected.scenario } });
    expectAnswer(api, expected, response);
  });
});

describe.each(APIS)('$name: every status through Prefer: code=', (api) => {
  it.each(PREFERRED[api.name])('Prefer: code=%i picks %s', async (status, scenario) => {
    const response = await send(app, api, { headers: { Prefer: `code=${status}` } });
    expectAnswer(api, answerFor(api, scenario), response);
  });

  it('Prefer: code=200, dynamic=false answers the documented example verbatim', async () => {
    const response = await send(app, api, { headers: { Prefer: 'code=200, dynamic=false' } });
    expect(response.status).toBe(200);
    const example = checkers
      .get(api.name)
      ?.operation(api.operationId)
      .responses.find((r) => r.status === '200')
      ?.content[0]?.examples.get('default');
    expect(example).toBeDefined();
    expect(jsonObject(response.text)).toEqual(example);
  });

  it('Prefer: example= with a name the spec does not have: a mockgram problem listing the documented examples', async () => {
    const response = await send(app, api, { headers: { Prefer: 'example=imaginary' } });
    const problem = expectMockProblem(response, 'unknown-example');
    expect(String(problem['detail'])).toContain('example=imaginary');
    expect(problem['valid']).toEqual(['default']);
  });

  it('Prefer: seed= gives the same generated answer to the same request in the same state', async () => {
    const seeded = { Prefer: 'seed=scenario-suite' };
    const first = await send(app, api, { headers: { ...seeded, 'X-Mock-Session': 'seed-a' } });
    const second = await send(app, api, { headers: { ...seeded, 'X-Mock-Session': 'seed-b' } });
    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
  });

  it('Prefer: code= for an undocumented status: a mockgram problem naming the documented ones', async () => {
    const response = await send(app, api, { headers: { Prefer: 'code=418' } });
    const problem = expectMockProblem(response, 'undocumented-status');
    expect(String(problem['detail'])).toContain('code=418');
    for (const [status] of PREFERRED[api.name]) expect(problem['valid']).toContain(String(status));
  });
});

describe.each(APIS)('$name: every scenario through the admin API', (api) => {
  it.each(api.answers)('PUT /__mock/scenarios/active $scenario answers $status', async (expected) => {
    await setActive({ scenario: expected.scenario, operation: api.operationId }).expect(200);
    const response = await send(app, api);
    expectAnswer(api, expected, response);
  });

  it('a server-wide choice without an operation applies to it, and DELETE restores the default', async () => {
    await setActive({ scenario: 'server-error' }).expect(200);
    expectAnswer(api, answerFor(api, 'server-error'), await send(app, api));
    await request(app).delete('/__mock/scenarios/active').expect(200);
    expectAnswer(api, answerFor(api, 'success'), await send(app, api));
  });

  it('GET /__mock/scenarios shows what is active', async () => {
    await setActive({ scenario: 'unauthorized', operation: api.operationId }).expect(200);
    const listed = jsonObject((await request(app).get('/__mock/scenarios').expect(200)).text);
    expect(objectAt(objectAt(listed, 'active'), 'global')).toEqual({ [api.operationId]: 'unauthorized' });
  });
});

describe.each(APIS)('$name: the order in which choices win', (api) => {
  it('X-Mock-Scenario beats Prefer', async () => {
    const response = await send(app, api, {
      headers: { 'X-Mock-Scenario': 'unauthorized', Prefer: 'code=500' },
    });
    expectAnswer(api, answerFor(api, 'unauthorized'), response);
  });

  it('X-Mock-Scenario and Prefer beat the admin choice', async () => {
    await setActive({ scenario: 'server-error', operation: api.operationId }).expect(200);
    const byHeader = await send(app, api, { headers: { 'X-Mock-Scenario': 'success' } });
    expectAnswer(api, answerFor(api, 'success'), byHeader);
    const byPrefer = await send(app, api, { headers: { Prefer: 'code=401' } });
    expectAnswer(api, answerFor(api, 'unauthorized'), byPrefer);
    expectAnswer(api, answerFor(api, 'server-error'), await send(app, api));
  });

  it("the session's admin choice beats the server-wide one", async () => {
    await setActive({ scenario: 'server-error', operation: api.operationId }).expect(200);
    await setActive({ scenario: 'unauthorized', operation: api.operationId, session: 'tab-1' }).expect(200);
    const inSession = await send(app, api, { headers: { 'X-Mock-Session': 'tab-1' } });
    expectAnswer(api, answerFor(api, 'unauthorized'), inSession);
    const otherSession = await send(app, api, { headers: { 'X-Mock-Session': 'tab-2' } });
    expectAnswer(api, answerFor(api, 'server-error'), otherSession);
  });

  it('the admin choice beats a rule, and a rule beats the default', async () => {
    const rule = RULE_REQUESTS[api.name];
    const ruled = {
      ...(rule.path !== undefined && { path: rule.path }),
      ...(rule.body && { body: rule.body }),
    };
    const byRule = await send(app, api, ruled);
    expect(byRule.status).toBe(404);
    expect(byRule.headers['x-mock-scenario']).toBe(rule.scenario);
    await setActive({ scenario: 'server-error', operation: api.operationId }).expect(200);
    const byAdmin = await send(app, api, ruled);
    expect(byAdmin.status).toBe(500);
    expect(byAdmin.headers['x-mock-scenario']).toBe('server-error');
  });

  it('defaultScenario answers when nothing else chose, but a rule still wins over it', async () => {
    const withDefault = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      defaultScenario: 'server-error',
    });
    expectAnswer(api, answerFor(api, 'server-error'), await send(withDefault, api));
    const rule = RULE_REQUESTS[api.name];
    const byRule = await send(withDefault, api, {
      ...(rule.path !== undefined && { path: rule.path }),
      ...(rule.body && { body: rule.body }),
    });
    expect(byRule.headers['x-mock-scenario']).toBe(rule.scenario);
  });
});

describe.each(APIS)('$name: a scenario that does not exist', (api) => {
  it('X-Mock-Scenario with an unknown name: a mockgram problem (never the API format) listing every name', async () => {
    const response = await send(app, api, { headers: { 'X-Mock-Scenario': 'no-such-scenario' } });
    expect(response.headers['x-mock-scenario']).toBe('unknown-scenario');
    const problem = expectMockProblem(response, 'unknown-scenario');
    expect(String(problem['detail'])).toContain("unknown scenario 'no-such-scenario'");
    expect([...(problem['valid'] as string[])].sort()).toEqual([...api.scenarioNames].sort());
    expect(api.errorText(problem)).not.toContain('no-such-scenario');
  });

  it('PUT /__mock/scenarios/active with an unknown name: 400 listing the available names, nothing changes', async () => {
    const response = await setActive({ scenario: 'no-such-scenario', operation: api.operationId });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const detail = String(jsonObject(response.text)['detail']);
    expect(detail).toContain("unknown scenario 'no-such-scenario'");
    for (const name of api.scenarioNames) expect(detail).toContain(name);
    expectAnswer(api, answerFor(api, 'success'), await send(app, api));
  });

  it('PUT /__mock/scenarios/active for an unknown operation: 404 naming the operations', async () => {
    const response = await setActive({ scenario: 'success', operation: 'noSuchOperation' });
    expect(response.status).toBe(404);
    expect(String(jsonObject(response.text)['detail'])).toContain(api.operationId);
  });
});

describe.each(APIS)('$name: a forced success never hides an invalid request', (api) => {
  const routes = [
    { label: 'X-Mock-Scenario: success', headers: { 'X-Mock-Scenario': 'success' }, ignored: 'success' },
    { label: 'Prefer: code=200', headers: { Prefer: 'code=200' }, ignored: 'success' },
    { label: 'the admin API', headers: {}, ignored: 'success', admin: true },
  ] as const;

  it.each(routes)(
    '$label on an invalid body: the validation error, with X-Mock-Scenario-Ignored',
    async (route) => {
      if ('admin' in route) await setActive({ scenario: 'success', operation: api.operationId }).expect(200);
      const response = await send(app, api, { headers: route.headers, body: api.invalidBody });
      expect(response.status).toBe(400);
      expect(response.headers['x-mock-scenario']).toBe('request-validation');
      expect(response.headers['x-mock-scenario-ignored']).toMatch(
        new RegExp(`^${route.ignored}: the request is invalid`),
      );
      expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
      expect(api.errorText(jsonObject(response.text))).toContain(api.invalidBodyMessage);
    },
  );

  it.each(routes)('$label without credentials: 401, with X-Mock-Scenario-Ignored', async (route) => {
    if ('admin' in route) await setActive({ scenario: 'success', operation: api.operationId }).expect(200);
    const response = await send(app, api, { headers: route.headers, anonymous: true });
    expect(response.status).toBe(401);
    expect(response.headers['x-mock-scenario-ignored']).toMatch(new RegExp(`^${route.ignored}: `));
    expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
  });

  it('a valid request without any choice carries no X-Mock-Scenario-Ignored', async () => {
    const response = await send(app, api);
    expect(response.status).toBe(200);
    expect(response.headers['x-mock-scenario']).toBe('success');
    expect(response.headers).not.toHaveProperty('x-mock-scenario-ignored');
  });
});

describe('sensay: a forced 202 is a success too', () => {
  it('X-Mock-Scenario: accepted on an invalid body: 400 with X-Mock-Scenario-Ignored naming accepted', async () => {
    const api = APIS[0];
    if (!api) throw new Error('no sensay');
    const response = await send(app, api, {
      headers: { 'X-Mock-Scenario': 'accepted' },
      body: api.invalidBody,
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-mock-scenario-ignored']).toMatch(/^accepted: /);
  });
});

describe('sensay: Prefer: example= picks a documented example under the scenario', () => {
  it('code=404, example=document: the document example, with the scenario body merged over it', async () => {
    const api = APIS[0];
    if (!api) throw new Error('no sensay');
    const response = await send(app, api, { headers: { Prefer: 'code=404, example=document' } });
    expect(response.status).toBe(404);
    expect(response.headers['x-mock-scenario']).toBe('replica-not-found');
    const example = checkers
      .get(api.name)
      ?.operation(api.operationId)
      .responses.find((r) => r.status === '404')
      ?.content[0]?.examples.get('document');
    if (!isObject(example)) throw new Error('the spec has no 404 document example');
    const body = jsonObject(response.text);
    expect(body['request_id']).toBe(example['request_id']);
    expect(body['error']).toBe(`Replica ${REPLICA} not found`);
  });

  it("the 202 message is the spec's own 202 description, verbatim", async () => {
    const api = APIS[0];
    if (!api) throw new Error('no sensay');
    const response = await send(app, api, { headers: { 'X-Mock-Scenario': 'accepted' } });
    const documented = checkers
      .get(api.name)
      ?.operation(api.operationId)
      .responses.find((r) => r.status === '202')?.description;
    expect(documented).toEqual(expect.any(String));
    expect(jsonObject(response.text)['message']).toBe(documented);
  });
});
