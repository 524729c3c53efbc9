import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createMockApp, MockgramError } from '../../src/index.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import {
  BOOKSHELF_SPEC,
  SENSAY_SCENARIOS,
  SENSAY_SPEC,
  TOOLZZ_SCENARIOS,
  TOOLZZ_SPEC,
} from '../support/paths.ts';
import { admin, call, isObject, listAt } from './http.ts';

const TOOLZZ = '/api/v1/telegram/integration';
const AUTH = { Authorization: 'Bearer admin-suite' };
const INTEGRATION = {
  id: '29739191-500c-4c32-9ccc-9f753cb24abd',
  botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
  unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
  title: 'Seeded support bot',
  isActive: true,
  botToken: '7701101112:***********************************',
  isTokenMasked: true,
  scope: 'both',
  welcomeMessage: 'Hello!',
  createdAt: '2026-04-17 12:26:12.804444',
  updatedAt: '2026-04-17 12:26:12.804444',
  deletedAt: null,
};
const SEED = { resources: [{ spec: 'toolzz', name: 'TelegramIntegration', objects: [INTEGRATION] }] };

let mock: StartedMock;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mockgram-state-'));
  mock = await startMock({
    specs: [SENSAY_SPEC, TOOLZZ_SPEC, BOOKSHELF_SPEC],
    scenarioFiles: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
  });
});

afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  expect((await admin(mock, 'POST', '/reset')).status).toBe(200);
});

function objectsOf(state: unknown, name: string): unknown[] {
  return listAt(state, 'resources').flatMap((r) =>
    isObject(r) && r['name'] === name ? listAt(r, 'objects') : [],
  );
}

describe('GET /__mock/state', () => {
  it('lists every resource of every spec, empty at first, then what a session created', async () => {
    const empty = await admin(mock, 'GET', '/state');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      session: 'default',
      stateless: false,
      limits: { maxSessions: 100, maxObjects: 1000 },
    });
    const names = (
      isObject(empty.body) && Array.isArray(empty.body['resources']) ? empty.body['resources'] : []
    ).map((r) => (isObject(r) ? `${String(r['spec'])}/${String(r['name'])}` : ''));
    expect(names).toEqual([
      'sensay/telegram-integration',
      'toolzz/TelegramIntegration',
      'bookshelf-3.1/Book',
      'bookshelf-3.1/Loan',
    ]);
    const created = await call(mock, 'POST', TOOLZZ, {
      headers: AUTH,
      session: 'tab-1',
      body: {
        botId: INTEGRATION.botId,
        unitId: INTEGRATION.unitId,
        title: 'T',
        scope: 'both',
        botToken: '1:secret',
      },
    });
    const state = await admin(mock, 'GET', '/state?session=tab-1');
    expect(objectsOf(state.body, 'TelegramIntegration')).toEqual([created.body]);
    expect(objectsOf((await admin(mock, 'GET', '/state')).body, 'TelegramIntegration')).toEqual([]);
  });
});

describe('PUT /__mock/state seeds a session', () => {
  it('stores the objects as given; the API then reads and lists them', async () => {
    const seeded = await admin(mock, 'PUT', '/state?session=seeded', SEED);
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ session: 'seeded', stored: 1 });
    const read = await call(mock, 'GET', `${TOOLZZ}/${INTEGRATION.id}`, { headers: AUTH, session: 'seeded' });
    expect(read.body).toEqual(INTEGRATION);
    const listed = await call(mock, 'GET', `${TOOLZZ}/unit/${INTEGRATION.unitId}`, {
      headers: AUTH,
      session: 'seeded',
    });
    expect(listed.body).toEqual({ data: [INTEGRATION] });
  });

  it('what GET shows can be PUT back as it is', async () => {
    await admin(mock, 'PUT', '/state?session=a', SEED);
    const shown = await admin(mock, 'GET', '/state?session=a');
    expect((await admin(mock, 'PUT', '/state?session=b', shown.body)).status).toBe(200);
    expect(objectsOf((await admin(mock, 'GET', '/state?session=b')).body, 'TelegramIntegration')).toEqual([
      INTEGRATION,
    ]);
  });

  it.each([
    {
      label: 'a field of the wrong type',
      seed: {
        resources: [
          ...SEED.resources,
          { name: 'TelegramIntegration', objects: [{ ...INTEGRATION, isActive: 'yes' }] },
        ],
      },
      path: '/resources/1/objects/0/isActive',
    },
    {
      label: 'a missing required field',
      seed: { resources: [{ name: 'TelegramIntegration', objects: [{ ...INTEGRATION, title: undefined }] }] },
      path: '/resources/0/objects/0',
    },
    {
      label: 'an unknown resource',
      seed: { resources: [{ name: 'Integrations', objects: [] }] },
      path: '/resources/0/name',
    },
    {
      label: 'a singleton without its scope',
      seed: { resources: [{ name: 'telegram-integration', objects: [{ success: true, id: 1 }] }] },
      path: '/resources/0/scope',
    },
    { label: 'no resources list', seed: { objects: [] }, path: '/resources' },
  ])('$label gets 400 naming where, and changes nothing', async ({ seed, path }) => {
    await admin(mock, 'PUT', '/state', SEED);
    const before = await admin(mock, 'GET', '/state');
    const refused = await admin(mock, 'PUT', '/state', seed);
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors =
      isObject(refused.body) && Array.isArray(refused.body['errors']) ? refused.body['errors'] : [];
    expect(errors.map((e) => (isObject(e) ? e['path'] : undefined))).toContain(path);
    expect(String(isObject(refused.body) ? refused.body['detail'] : '')).toContain('nothing was changed');
    expect((await admin(mock, 'GET', '/state')).body).toEqual(before.body);
  });
});

describe('DELETE /__mock/state and POST /__mock/reset', () => {
  it('DELETE empties one session and leaves the others', async () => {
    await admin(mock, 'PUT', '/state?session=a', SEED);
    await admin(mock, 'PUT', '/state?session=b', SEED);
    expect((await admin(mock, 'DELETE', '/state?session=a')).status).toBe(204);
    expect(objectsOf((await admin(mock, 'GET', '/state?session=a')).body, 'TelegramIntegration')).toEqual([]);
    expect(
      objectsOf((await admin(mock, 'GET', '/state?session=b')).body, 'TelegramIntegration'),
    ).toHaveLength(1);
  });

  it('reset empties every session', async () => {
    await admin(mock, 'PUT', '/state?session=a', SEED);
    await admin(mock, 'PUT', '/state', SEED);
    await admin(mock, 'POST', '/reset');
    for (const query of ['', '?session=a'])
      expect(objectsOf((await admin(mock, 'GET', `/state${query}`)).body, 'TelegramIntegration')).toEqual([]);
  });
});

describe('seed files at start-up', () => {
  it('are stored before the first request, into their session, and again after every reset', async () => {
    const file = join(dir, 'seed.yaml');
    await writeFile(file, stringify({ session: 'demo', ...SEED }));
    const seeded = await startMock({
      specs: [TOOLZZ_SPEC],
      scenarioFiles: [TOOLZZ_SCENARIOS],
      stateFiles: [file],
    });
    try {
      const read = () =>
        call(seeded, 'GET', `${TOOLZZ}/${INTEGRATION.id}`, { headers: AUTH, session: 'demo' });
      expect((await read()).body).toEqual(INTEGRATION);
      await call(seeded, 'PUT', `${TOOLZZ}/${INTEGRATION.id}`, {
        headers: AUTH,
        session: 'demo',
        body: { botId: INTEGRATION.botId, unitId: INTEGRATION.unitId, title: 'Changed', scope: 'private' },
      });
      expect((await read()).body).toMatchObject({ title: 'Changed' });
      await admin(seeded, 'POST', '/reset');
      expect((await read()).body).toEqual(INTEGRATION);
    } finally {
      await seeded.close();
    }
  });

  it('a bad one stops start-up with STATE_INVALID naming the file and the field', async () => {
    const file = join(dir, 'bad-seed.json');
    await writeFile(
      file,
      JSON.stringify({
        resources: [{ name: 'TelegramIntegration', objects: [{ ...INTEGRATION, scope: 'group' }] }],
      }),
    );
    const failure = createMockApp({ specs: [TOOLZZ_SPEC], stateFiles: [file] });
    await expect(failure).rejects.toBeInstanceOf(MockgramError);
    await expect(failure).rejects.toMatchObject({ code: 'STATE_INVALID' });
    await expect(failure).rejects.toThrow(`${file}: /resources/0/objects/0/scope`);
  });
});
