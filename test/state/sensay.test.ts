import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC } from '../support/paths.ts';
import { SENSAY, TELEGRAM_TOKEN } from '../mock/apis.ts';
import { admin, call, isObject, valid, type Answer, type CallOptions } from './http.ts';

const REPLICA = '03db5651-cb61-4bdf-9ef0-89561f7c9c53';
const OTHER_REPLICA = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const pathOf = (replica: string): string => `/v1/replicas/${replica}/integrations/telegram`;

let mock: StartedMock;
let checker: SpecChecker;

beforeAll(async () => {
  checker = await loadSpecChecker(SENSAY_SPEC);
  mock = await startMock({ specs: [SENSAY_SPEC], scenarioFiles: [SENSAY_SCENARIOS] });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(async () => {
  expect((await admin(mock, 'POST', '/reset')).status).toBe(200);
});

const as = (extra: CallOptions = {}): CallOptions => ({
  ...extra,
  headers: { ...SENSAY.credentials, ...extra.headers },
});

function create(replica = REPLICA, extra: CallOptions = {}): Promise<Answer> {
  return call(mock, 'POST', pathOf(replica), as({ body: SENSAY.body, ...extra }));
}

function remove(replica = REPLICA, extra: CallOptions = {}): Promise<Answer> {
  return call(mock, 'DELETE', pathOf(replica), as(extra));
}

describe('Sensay: one integration per replica, created and deleted', () => {
  it('create → delete → delete: the second delete is the no-integration 404', async () => {
    valid(checker, 'createReplicaTelegramIntegration', await create(), 200);
    expect(valid(checker, 'deleteReplicaTelegramIntegration', await remove(), 200)).toEqual({
      success: true,
    });
    const again = await remove();
    const body = valid(checker, 'deleteReplicaTelegramIntegration', again, 404);
    expect(body).toMatchObject({ success: false, error: `Replica ${REPLICA} has no Telegram integration` });
    expect(body).not.toHaveProperty('fingerprint');
    expect(again.headers['x-mock-scenario']).toBe('no-integration');
    expect(again.headers['x-api-version']).toBe('2025-03-25');
  });

  it('a delete with nothing created is the same 404', async () => {
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(), 404);
  });

  it('a second create replaces the first, with a new id; one delete removes it', async () => {
    const first = valid(checker, 'createReplicaTelegramIntegration', await create(), 200);
    const second = valid(
      checker,
      'createReplicaTelegramIntegration',
      await create(REPLICA, { body: { ...SENSAY.body, mention: 'acme_sales_bot' } }),
      200,
    );
    expect(second['id']).not.toBe(first['id']);
    const state = await admin(mock, 'GET', '/state');
    const resources = isObject(state.body) ? state.body['resources'] : undefined;
    expect(resources).toEqual([
      {
        spec: 'sensay',
        name: 'telegram-integration',
        path: '/v1/replicas/{replicaUUID}/integrations/telegram',
        scope: { replicaUUID: REPLICA },
        objects: [
          {
            telegram_token: expect.stringMatching(/^7701101112:\*+$/) as unknown,
            mention: 'acme_sales_bot',
            success: true,
            id: second['id'],
          },
        ],
      },
    ]);
    expect(state.text).not.toContain(TELEGRAM_TOKEN.split(':')[1]);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(), 200);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(), 404);
  });

  it("replicas are apart: deleting one replica's integration leaves another's", async () => {
    valid(checker, 'createReplicaTelegramIntegration', await create(REPLICA), 200);
    valid(checker, 'createReplicaTelegramIntegration', await create(OTHER_REPLICA), 200);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(REPLICA), 200);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(OTHER_REPLICA), 200);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(OTHER_REPLICA), 404);
  });

  it('sessions are apart: an integration created in one session is not deleted from another', async () => {
    valid(checker, 'createReplicaTelegramIntegration', await create(REPLICA, { session: 'ci-job-1' }), 200);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(REPLICA, { session: 'ci-job-2' }), 404);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(REPLICA), 404);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(REPLICA, { session: 'ci-job-1' }), 200);
  });
});

describe('Sensay: scenarios decide first', () => {
  it('an error scenario asked for stores nothing', async () => {
    const failed = await create(REPLICA, { headers: { 'X-Mock-Scenario': 'server-error' } });
    valid(checker, 'createReplicaTelegramIntegration', failed, 500);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(), 404);
  });

  it('a rule answering 404 for a missing replica stores nothing either', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const refused = await create(missing);
    valid(checker, 'createReplicaTelegramIntegration', refused, 404);
    expect(refused.headers['x-mock-scenario']).toBe('replica-not-found');
    expect(await admin(mock, 'GET', '/state')).toMatchObject({ body: { resources: [{ objects: [] }] } });
  });

  it('the accepted (202) create still stores the integration; a session can walk a sequence as before', async () => {
    const accepted = await create(REPLICA, { headers: { 'X-Mock-Scenario': 'accepted' } });
    const body = valid(checker, 'createReplicaTelegramIntegration', accepted, 202);
    const state = await admin(mock, 'GET', '/state');
    expect(state.text).toContain(`"id":${String(body['id'])}`);
    const walked = [];
    for (let i = 0; i < 3; i++) {
      const answer = await create(OTHER_REPLICA, { headers: { 'X-Mock-Scenario': 'accepted-then-success' } });
      walked.push(answer.status);
    }
    expect(walked).toEqual([202, 200, 200]);
    valid(checker, 'deleteReplicaTelegramIntegration', await remove(OTHER_REPLICA), 200);
  });

  it('the no-integration answer comes from the scenario file: the declared resource names it', async () => {
    const answer = await remove(REPLICA, { session: 'fresh' });
    expect(answer.headers['x-mock-scenario']).toBe('no-integration');
  });
});
