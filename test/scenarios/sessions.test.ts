import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonObject, objectAt, SCENARIO_FILES, SPECS, APIS, type ScenarioApi } from './scenarioApis.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';

/** What session A and session B are switched to, per API (Toolzz has no 202, so B gets its 401). */
const CHOICES: Readonly<
  Record<
    ScenarioApi['name'],
    { readonly a: readonly [string, number]; readonly b: readonly [string, number] }
  >
> = {
  sensay: { a: ['server-error', 500], b: ['accepted', 202] },
  toolzz: { a: ['server-error', 500], b: ['unauthorized', 401] },
};

let mock: StartedMock;

beforeAll(async () => {
  mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  expect((await admin('POST', '/reset')).status).toBe(200);
});

function admin(method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${mock.url}/__mock${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });
}

/** One valid request over a real socket, in `session` when given; resolves to [status, X-Mock-Scenario]. */
async function call(
  api: ScenarioApi,
  session?: string,
  extra: Record<string, string> = {},
): Promise<[number, string]> {
  const response = await fetch(`${mock.url}${api.path}`, {
    method: 'POST',
    headers: {
      ...api.credentials,
      'Content-Type': 'application/json',
      ...(session !== undefined && { 'X-Mock-Session': session }),
      ...extra,
    },
    body: JSON.stringify(api.body),
  });
  await response.arrayBuffer();
  return [response.status, response.headers.get('x-mock-scenario') ?? ''];
}

describe.each(APIS)('$name: sessions chosen through the admin API are isolated', (api) => {
  const { a, b } = CHOICES[api.name];

  beforeEach(async () => {
    expect((await admin('PUT', '/scenarios/active', { scenario: a[0], session: 'A' })).status).toBe(200);
    expect((await admin('PUT', '/scenarios/active', { scenario: b[0], session: 'B' })).status).toBe(200);
  });

  it('concurrent requests from session A, session B and no session each get their own answer', async () => {
    const sessions = [
      'A',
      'B',
      undefined,
      'B',
      'A',
      undefined,
      'A',
      'B',
      undefined,
      'A',
      'B',
      undefined,
    ] as const;
    const answers = await Promise.all(sessions.map((session) => call(api, session)));
    sessions.forEach((session, i) => {
      const expected = session === 'A' ? a : session === 'B' ? b : (['success', 200] as const);
      expect([session, answers[i]]).toEqual([session, [expected[1], expected[0]]]);
    });
  });

  it('an unknown session gets the server-wide answer', async () => {
    expect(await call(api, 'C')).toEqual([200, 'success']);
  });

  it('DELETE ?session=A restores A only; B keeps its scenario', async () => {
    expect((await admin('DELETE', '/scenarios/active?session=A')).status).toBe(200);
    const [inA, inB] = await Promise.all([call(api, 'A'), call(api, 'B')]);
    expect(inA).toEqual([200, 'success']);
    expect(inB).toEqual([b[1], b[0]]);
  });

  it('DELETE without a session clears the server-wide choice and leaves the sessions alone', async () => {
    expect((await admin('PUT', '/scenarios/active', { scenario: 'server-error' })).status).toBe(200);
    expect(await call(api)).toEqual([500, 'server-error']);
    expect((await admin('DELETE', '/scenarios/active')).status).toBe(200);
    expect(await call(api)).toEqual([200, 'success']);
    expect(await call(api, 'B')).toEqual([b[1], b[0]]);
  });

  it('GET /__mock/scenarios shows each session choice', async () => {
    const listed = jsonObject(await (await admin('GET', '/scenarios')).text());
    expect(objectAt(objectAt(listed, 'active'), 'sessions')).toEqual({ A: { '*': a[0] }, B: { '*': b[0] } });
  });

  it('a choice for one operation in a session leaves the other API alone in that session', async () => {
    const other = APIS.find((candidate) => candidate !== api);
    if (!other) throw new Error('one API only');
    expect(
      (
        await admin('PUT', '/scenarios/active', {
          scenario: 'server-error',
          session: 'D',
          operation: api.operationId,
        })
      ).status,
    ).toBe(200);
    const [own, others] = await Promise.all([call(api, 'D'), call(other, 'D')]);
    expect(own).toEqual([500, 'server-error']);
    expect(others).toEqual([200, 'success']);
  });
});

describe('sensay: concurrent requests in one session walking a sequence', () => {
  it('two requests at once take one step each (a 202 and a 200), never the same one twice', async () => {
    const api = APIS[0];
    if (!api) throw new Error('no sensay');
    const header = { 'X-Mock-Scenario': 'accepted-then-success' };
    const answers = await Promise.all([call(api, 'E', header), call(api, 'E', header)]);
    expect(answers.map(([status]) => status).sort()).toEqual([200, 202]);
  });
});
