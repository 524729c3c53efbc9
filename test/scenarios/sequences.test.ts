import { writeFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { createMemoryStore } from '../../src/store/createMemoryStore.ts';
import { resolveRequestedScenario, type ScenarioChoice } from '../../src/scenarios/resolveScenario.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import {
  APIS,
  copyToTemp,
  SCENARIO_FILES,
  send,
  SENSAY,
  SPECS,
  TOOLZZ,
  type ScenarioApi,
  type TempCopy,
} from './scenarioApis.ts';

/**
 * A sequence per API: Sensay's own `accepted-then-success`, and for Toolzz (whose file has none) a copy of its file
 * with an error-then-success sequence added.
 */
const SEQUENCES: Readonly<
  Record<
    ScenarioApi['name'],
    { readonly name: string; readonly walk: readonly (readonly [number, string])[] }
  >
> = {
  sensay: {
    name: 'accepted-then-success',
    walk: [
      [202, 'accepted-then-success/accepted'],
      [200, 'accepted-then-success/success'],
      [200, 'accepted-then-success/success'],
    ],
  },
  toolzz: {
    name: 'fail-then-recover',
    walk: [
      [500, 'fail-then-recover/server-error'],
      [401, 'fail-then-recover/unauthorized'],
      [200, 'fail-then-recover/success'],
      [200, 'fail-then-recover/success'],
    ],
  },
};

let copy: TempCopy;
let app: MockApp;
const checkers = new Map<string, SpecChecker>();

beforeAll(async () => {
  copy = await copyToTemp();
  const toolzzFile = copy.scenarioFiles[1];
  await writeFile(
    toolzzFile,
    `spec: toolzz
operations:
  createTelegramIntegration:
    scenarios:
      success: { status: 200 }
      unauthorized: { status: 401 }
      server-error: { status: 500 }
      fail-then-recover:
        steps: [server-error, unauthorized, success]
      fail-once:
        steps: [server-error, success]
`,
  );
  app = await createMockApp({ specs: SPECS, scenarioFiles: [SCENARIO_FILES[0], toolzzFile] });
  for (const api of APIS) checkers.set(api.name, await loadSpecChecker(api.spec));
});

afterAll(async () => {
  await copy.remove();
});

beforeEach(async () => {
  await request(app).post('/__mock/reset').expect(200);
});

/** Sends the valid request `times` times, one after the other, and returns [status, X-Mock-Scenario] of each. */
async function walk(
  api: ScenarioApi,
  headers: Record<string, string>,
  times: number,
): Promise<[number, string][]> {
  const seen: [number, string][] = [];
  for (let i = 0; i < times; i++) {
    const response = await send(app, api, { headers });
    expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
    seen.push([response.status, String(response.headers['x-mock-scenario'])]);
  }
  return seen;
}

describe.each(APIS)('$name: a sequence walked', (api) => {
  const sequence = SEQUENCES[api.name];

  it('through X-Mock-Scenario: each step once, then the last one repeats', async () => {
    expect(await walk(api, { 'X-Mock-Scenario': sequence.name }, sequence.walk.length)).toEqual(
      sequence.walk,
    );
  });

  it('through the admin API', async () => {
    await request(app)
      .put('/__mock/scenarios/active')
      .send({ scenario: sequence.name, operation: api.operationId })
      .expect(200);
    expect(await walk(api, {}, sequence.walk.length)).toEqual(sequence.walk);
  });

  it('per session: two sessions walk independently, and requests without one walk their own', async () => {
    const header = { 'X-Mock-Scenario': sequence.name };
    const first = sequence.walk[0];
    const second = sequence.walk[1];
    expect(await walk(api, { ...header, 'X-Mock-Session': 'A' }, 2)).toEqual([first, second]);
    expect(await walk(api, { ...header, 'X-Mock-Session': 'B' }, 1)).toEqual([first]);
    expect(await walk(api, header, 1)).toEqual([first]);
    expect(await walk(api, { ...header, 'X-Mock-Session': 'B' }, 1)).toEqual([second]);
  });

  it('DELETE /__mock/scenarios/active?session= starts that session over and leaves the other where it is', async () => {
    const header = { 'X-Mock-Scenario': sequence.name };
    await walk(api, { ...header, 'X-Mock-Session': 'A' }, 2);
    await walk(api, { ...header, 'X-Mock-Session': 'B' }, 1);
    await request(app).delete('/__mock/scenarios/active?session=A').expect(200);
    expect(await walk(api, { ...header, 'X-Mock-Session': 'A' }, 1)).toEqual([sequence.walk[0]]);
    expect(await walk(api, { ...header, 'X-Mock-Session': 'B' }, 1)).toEqual([sequence.walk[1]]);
  });

  it('POST /__mock/reset starts every sequence over', async () => {
    const header = { 'X-Mock-Scenario': sequence.name };
    await walk(api, header, 2);
    await walk(api, { ...header, 'X-Mock-Session': 'A' }, 2);
    await request(app).post('/__mock/reset').expect(200);
    expect(await walk(api, header, 1)).toEqual([sequence.walk[0]]);
    expect(await walk(api, { ...header, 'X-Mock-Session': 'A' }, 1)).toEqual([sequence.walk[0]]);
  });
});

describe('sensay: a request the sequence does not answer does not use up a step', () => {
  it('an invalid request gets the validation error, and the next valid one still gets the 202', async () => {
    const header = { 'X-Mock-Scenario': 'accepted-then-success' };
    const invalid = await send(app, SENSAY, { headers: header, body: SENSAY.invalidBody });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['x-mock-scenario-ignored']).toMatch(/^accepted-then-success\/accepted: /);
    expect(await walk(SENSAY, header, 2)).toEqual([
      [202, 'accepted-then-success/accepted'],
      [200, 'accepted-then-success/success'],
    ]);
  });

  it('a request without credentials does not use up a step either', async () => {
    const header = { 'X-Mock-Scenario': 'accepted-then-success' };
    const anonymous = await send(app, SENSAY, { headers: header, anonymous: true });
    expect(anonymous.status).toBe(401);
    expect(await walk(SENSAY, header, 1)).toEqual([[202, 'accepted-then-success/accepted']]);
  });
});

describe('toolzz: an error step answers at once, a success step only a valid request', () => {
  it('the 500 step answers an invalid request; the 200 step does not', async () => {
    const header = { 'X-Mock-Scenario': 'fail-then-recover' };
    const first = await send(app, TOOLZZ, { headers: header, body: TOOLZZ.invalidBody });
    expect(first.status).toBe(500);
    expect(first.headers['x-mock-scenario']).toBe('fail-then-recover/server-error');
    expect(await walk(TOOLZZ, header, 1)).toEqual([[401, 'fail-then-recover/unauthorized']]);
    const invalid = await send(app, TOOLZZ, { headers: header, body: TOOLZZ.invalidBody });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['x-mock-scenario-ignored']).toMatch(/^fail-then-recover\/success: /);
  });
});

describe('toolzz: two requests resolved at once in the same sequence', () => {
  const chosen = (choice: ScenarioChoice | undefined): { name: string; take: () => Promise<string> } => {
    if (choice?.kind !== 'scenario' || !choice.take) throw new Error('expected a sequence step');
    const take = choice.take;
    return { name: choice.scenario.name, take: async () => (await take()).name };
  };

  it('each takes its own step when answering, and one chosen as an error never becomes a success', async () => {
    const engine = app.mockgram.engine();
    const entry = [...engine.catalog.operations.values()].find((e) => e.operation.id === TOOLZZ.operationId);
    const input = { entry, operationId: TOOLZZ.operationId, store: createMemoryStore(), session: undefined };
    const resolveBoth = async (name: string): Promise<ReturnType<typeof chosen>[]> =>
      (await Promise.all([1, 2].map(() => resolveRequestedScenario(input, name, undefined)))).map(chosen);

    const walking = await resolveBoth('fail-then-recover');
    expect(walking.map((c) => c.name)).toEqual(['server-error', 'server-error']);
    expect(await Promise.all(walking.map((c) => c.take()))).toEqual(['server-error', 'unauthorized']);

    const once = await resolveBoth('fail-once');
    expect(await Promise.all(once.map((c) => c.take()))).toEqual(['server-error', 'server-error']);
    expect(chosen(await resolveRequestedScenario(input, 'fail-once', undefined)).name).toBe('success');
  });
});
