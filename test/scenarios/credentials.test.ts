import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import {
  APIS,
  copyToTemp,
  isObject,
  jsonObject,
  SCENARIO_FILES,
  send,
  SPECS,
  type ScenarioApi,
  type TempCopy,
} from './scenarioApis.ts';

/** How each API carries its credential, the scheme the scenario file names, and its environment variable. */
const SCHEMES: Readonly<
  Record<
    ScenarioApi['name'],
    {
      readonly scheme: string;
      readonly env: string;
      readonly headers: (value: string) => Record<string, string>;
    }
  >
> = {
  sensay: {
    scheme: 'organizationSecret',
    env: 'MOCKGRAM_SENSAY_SECRETS',
    headers: (value) => ({ 'X-ORGANIZATION-SECRET': value }),
  },
  toolzz: {
    scheme: 'bearerAuth',
    env: 'MOCKGRAM_TOOLZZ_TOKENS',
    headers: (value) => ({ Authorization: `Bearer ${value}` }),
  },
};

let copy: TempCopy;
const checkers = new Map<string, SpecChecker>();

beforeAll(async () => {
  copy = await copyToTemp();
  for (const api of APIS) checkers.set(api.name, await loadSpecChecker(api.spec));
});

afterAll(async () => {
  await copy.remove();
});

beforeEach(() => {
  // The committed files read these; whatever the machine running the tests has set must not leak in.
  for (const { env } of Object.values(SCHEMES)) vi.stubEnv(env, undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Sends a valid request with `value` as the API's credential. */
function sendWith(app: MockApp, api: ScenarioApi, value: string) {
  return send(app, api, { anonymous: true, headers: SCHEMES[api.name].headers(value) });
}

async function expectRejected(app: MockApp, api: ScenarioApi, value: string): Promise<void> {
  const response = await sendWith(app, api, value);
  expect(response.status).toBe(401);
  expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
  expect(api.errorText(jsonObject(response.text))).toMatch(/credential|not accepted/);
  expect(response.text).not.toContain(value);
}

async function expectAccepted(app: MockApp, api: ScenarioApi, value: string): Promise<void> {
  const response = await sendWith(app, api, value);
  expect(response.status).toBe(200);
  expect(response.headers).not.toHaveProperty('x-mock-scenario-ignored');
}

/** A copy of the API's committed scenario file whose credentials section is replaced. */
async function withCredentials(api: ScenarioApi, credentials: object): Promise<string[]> {
  const original: unknown = parse(await readFile(api.scenarioFile, 'utf8'));
  if (!isObject(original)) throw new Error(`${api.scenarioFile} is not a mapping`);
  const file = api.name === 'sensay' ? copy.scenarioFiles[0] : copy.scenarioFiles[1];
  await writeFile(file, stringify({ ...original, credentials }));
  return SCENARIO_FILES.map((committed) => (committed === api.scenarioFile ? file : committed));
}

describe.each(APIS)('$name: credentials', (api) => {
  const { scheme, env } = SCHEMES[api.name];

  it('by default any well-formed credential is accepted', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    for (const value of ['a', 'anything-at-all', 'Zm9vYmFy', 'e5b1c2d3'])
      await expectAccepted(app, api, value);
  });

  it('by default a missing credential is still 401', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const response = await send(app, api, { anonymous: true });
    expect(response.status).toBe(401);
    expect(checkers.get(api.name)?.problems(api.operationId, response)).toEqual([]);
  });

  it('values listed in the scenario file: those pass, any other gets 401', async () => {
    const files = await withCredentials(api, { [scheme]: { values: ['listed-one', 'listed-two'] } });
    const app = await createMockApp({ specs: SPECS, scenarioFiles: files });
    await expectAccepted(app, api, 'listed-one');
    await expectAccepted(app, api, 'listed-two');
    await expectRejected(app, api, 'listed-three');
    await expectRejected(app, api, 'LISTED-ONE');
  });

  it(`values from the environment (${env}, comma-separated): those pass, any other gets 401`, async () => {
    vi.stubEnv(env, 'from-env-1, from-env-2');
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await expectAccepted(app, api, 'from-env-1');
    await expectAccepted(app, api, 'from-env-2');
    await expectRejected(app, api, 'from-env-3');
  });

  it(`an empty ${env} restricts nothing`, async () => {
    vi.stubEnv(env, '');
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await expectAccepted(app, api, 'whatever-value');
  });

  it('values listed in the file and in the environment are both accepted', async () => {
    vi.stubEnv('MOCKGRAM_TEST_EXTRA_CREDENTIALS', 'from-env');
    const files = await withCredentials(api, {
      [scheme]: { values: ['from-file'], env: 'MOCKGRAM_TEST_EXTRA_CREDENTIALS' },
    });
    const app = await createMockApp({ specs: SPECS, scenarioFiles: files });
    await expectAccepted(app, api, 'from-file');
    await expectAccepted(app, api, 'from-env');
    await expectRejected(app, api, 'from-neither');
  });

  it('the credentials option: those pass, any other gets 401 (and it wins over the file)', async () => {
    vi.stubEnv(env, 'from-env');
    const app = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      credentials: { [api.name]: { [scheme]: ['from-option'] } },
    });
    await expectAccepted(app, api, 'from-option');
    await expectRejected(app, api, 'from-env');
    await expectRejected(app, api, 'something-else');
  });

  it('the credentials option without scenario files restricts too', async () => {
    const app = await createMockApp({
      specs: SPECS,
      credentials: { [api.name]: { [scheme]: ['only-this'] } },
    });
    await expectAccepted(app, api, 'only-this');
    await expectRejected(app, api, 'not-this');
  });

  it('a forced error scenario still answers whatever the credential (it is the answer asked for)', async () => {
    const app = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      credentials: { [api.name]: { [scheme]: ['only-this'] } },
    });
    const response = await send(app, api, {
      anonymous: true,
      headers: { ...SCHEMES[api.name].headers('not-this'), 'X-Mock-Scenario': 'server-error' },
    });
    expect(response.status).toBe(500);
  });

  it('a forced success does not get past a rejected credential', async () => {
    const app = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      credentials: { [api.name]: { [scheme]: ['only-this'] } },
    });
    const response = await send(app, api, {
      anonymous: true,
      headers: { ...SCHEMES[api.name].headers('not-this'), 'X-Mock-Scenario': 'success' },
    });
    expect(response.status).toBe(401);
    expect(response.headers['x-mock-scenario-ignored']).toMatch(/^success: /);
  });
});

describe('credentials that cannot apply', () => {
  it('the credentials option naming an unknown security scheme fails with INVALID_OPTION', async () => {
    await expect(
      createMockApp({
        specs: SPECS,
        scenarioFiles: SCENARIO_FILES,
        credentials: { sensay: { bearerAuth: ['x'] } },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining("'bearerAuth'") as unknown,
    });
  });

  it('toolzz: a malformed Authorization header is 401 even when no values are listed', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const toolzz = APIS[1];
    if (!toolzz) throw new Error('no toolzz');
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens']) {
      const response = await send(app, toolzz, {
        anonymous: true,
        headers: { Authorization: authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    }
  });

  it('sensay: with the organization secret restricted, a wrong secret is 401 even with an X-USER-ID', async () => {
    const app = await createMockApp({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      credentials: { sensay: { organizationSecret: ['right-secret'] } },
    });
    const sensay = APIS[0];
    if (!sensay) throw new Error('no sensay');
    const wrong = await send(app, sensay, {
      anonymous: true,
      headers: { 'X-ORGANIZATION-SECRET': 'wrong-secret', 'X-USER-ID': 'user-1' },
    });
    expect(wrong.status).toBe(401);
    const right = await send(app, sensay, {
      anonymous: true,
      headers: { 'X-ORGANIZATION-SECRET': 'right-secret', 'X-USER-ID': 'user-1' },
    });
    expect(right.status).toBe(200);
  });
});
