import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { SENSAY, TELEGRAM_TOKEN } from '../mock/apis.ts';
import { admin, call, isObject, valid } from './http.ts';

const BASE = '/api/v1/telegram/integration';
const AUTH = { Authorization: 'Bearer scenarios-and-state' };
const NEW = {
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
  title: 'Support',
  scope: 'both',
  botToken: TELEGRAM_TOKEN,
};

let dir: string;
let mock: StartedMock;
let checker: SpecChecker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mockgram-state-scenarios-'));
  const file = join(dir, 'toolzz-welcome.yaml');
  await writeFile(
    file,
    stringify({
      spec: 'toolzz',
      operations: {
        createTelegramIntegration: {
          scenarios: {
            success: { status: 200 },
            welcomed: {
              status: 200,
              body: { welcomeMessage: 'Welcome to {{request.body.title}}!', isActive: false },
            },
          },
        },
        getTelegramIntegration: {
          scenarios: {
            success: { status: 200 },
            renamed: { status: 200, body: { title: 'Shown, not stored' } },
            'not-found': { status: 404, body: { message: 'No such integration' } },
          },
        },
      },
    }),
  );
  checker = await loadSpecChecker(TOOLZZ_SPEC);
  mock = await startMock({ specs: [SENSAY_SPEC, TOOLZZ_SPEC], scenarioFiles: [SENSAY_SCENARIOS, file] });
});

afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await admin(mock, 'POST', '/reset');
});

async function create(scenario?: string): Promise<Record<string, unknown>> {
  const headers = scenario === undefined ? AUTH : { ...AUTH, 'X-Mock-Scenario': scenario };
  return valid(
    checker,
    'createTelegramIntegration',
    await call(mock, 'POST', BASE, { headers, body: NEW }),
    200,
  );
}

describe('scenarios decide first, and state follows them', () => {
  it("a success scenario's overrides are what is stored", async () => {
    const created = await create('welcomed');
    expect(created).toMatchObject({ welcomeMessage: 'Welcome to Support!', isActive: false });
    const read = await call(mock, 'GET', `${BASE}/${String(created['id'])}`, { headers: AUTH });
    expect(valid(checker, 'getTelegramIntegration', read, 200)).toEqual(created);
  });

  it("a read's overrides change the answer, not the stored object", async () => {
    const created = await create();
    const at = `${BASE}/${String(created['id'])}`;
    const shown = await call(mock, 'GET', at, { headers: { ...AUTH, 'X-Mock-Scenario': 'renamed' } });
    expect(valid(checker, 'getTelegramIntegration', shown, 200)).toEqual({
      ...created,
      title: 'Shown, not stored',
    });
    expect((await call(mock, 'GET', at, { headers: AUTH })).body).toEqual(created);
  });

  it("an unknown id answers the operation's not-found scenario", async () => {
    const missing = await call(mock, 'GET', `${BASE}/00000000-0000-4000-8000-00000000abcd`, {
      headers: AUTH,
    });
    expect(valid(checker, 'getTelegramIntegration', missing, 404)).toMatchObject({
      statusCode: 404,
      message: 'No such integration',
    });
    expect(missing.headers['x-mock-scenario']).toBe('not-found');
  });

  it('a success the request asks for itself answers generated data for an id nothing stored', async () => {
    const forced = await call(mock, 'GET', `${BASE}/00000000-0000-4000-8000-00000000abcd`, {
      headers: { ...AUTH, 'X-Mock-Scenario': 'success' },
    });
    expect(valid(checker, 'getTelegramIntegration', forced, 200)['id']).toEqual(expect.any(String));
  });

  it('an error scenario set for a session through the admin API answers without touching state', async () => {
    const created = await create();
    await admin(mock, 'PUT', '/scenarios/active', {
      scenario: 'not-found',
      operation: 'getTelegramIntegration',
      session: 'x',
    });
    const read = await call(mock, 'GET', `${BASE}/${String(created['id'])}`, { headers: AUTH, session: 'x' });
    expect(read.status).toBe(404);
  });
});

describe('a server-wide switch applies where the scenario exists', () => {
  it("choosing Sensay's `accepted` for every operation leaves Toolzz answering normally, and says where it applied", async () => {
    const switched = await admin(mock, 'PUT', '/scenarios/active', { scenario: 'accepted' });
    expect(switched.status).toBe(200);
    expect(isObject(switched.body) ? switched.body['appliedTo'] : undefined).toEqual([
      'createReplicaTelegramIntegration',
      'deleteReplicaTelegramIntegration',
    ]);
    const sensay = await call(mock, 'POST', SENSAY.path, { headers: SENSAY.credentials, body: SENSAY.body });
    expect(sensay.status).toBe(202);
    const toolzz = await call(mock, 'POST', BASE, { headers: AUTH, body: NEW });
    expect(toolzz.status).toBe(200);
    expect(toolzz.headers['x-mock-scenario']).toBe('success');
  });

  it('a scenario no operation has is refused, listing the names', async () => {
    const refused = await admin(mock, 'PUT', '/scenarios/active', { scenario: 'acepted' });
    expect(refused.status).toBe(400);
    expect(String(isObject(refused.body) ? refused.body['detail'] : '')).toContain('accepted');
  });
});
