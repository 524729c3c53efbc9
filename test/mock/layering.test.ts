import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, MockgramError, type MockApp } from '../../src/index.ts';
import { layerSpecs } from '../../src/routing/layerSpecs.ts';
import type { OperationSpec, SpecIndex } from '../../src/spec/types.ts';
import {
  SENSAY_PUBLISHED_SPEC as PUBLISHED,
  SENSAY_SCENARIOS,
  SENSAY_SPEC,
  TOOLZZ_SPEC,
} from '../support/paths.ts';
import { jsonObject, REPLICA, SENSAY, TELEGRAM_TOKEN } from './apis.ts';

const REPLICA_PATH = `/v1/replicas/${REPLICA}`;

const createIntegration = (app: MockApp) =>
  request(app)
    .post(SENSAY.path)
    .set(SENSAY.credentials)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot' }));

describe('the curated spec given after the vendor spec', () => {
  let app: MockApp;
  beforeAll(async () => {
    app = await createMockApp({
      specs: [PUBLISHED, SENSAY_SPEC, TOOLZZ_SPEC],
      scenarioFiles: [SENSAY_SCENARIOS],
    });
  });

  it('answers the operations both document, with its scenarios', async () => {
    const created = await createIntegration(app);
    expect(created.status).toBe(200);
    expect(jsonObject(created.text)).toMatchObject({ success: true });

    const failed = await createIntegration(app).set('X-Mock-Scenario', 'server-error');
    expect(failed.status).toBe(500);
    expect(jsonObject(failed.text)['inner_exception']).toBeDefined();
  });

  it('leaves the rest to the vendor spec', async () => {
    const replica = await request(app).get(REPLICA_PATH).set(SENSAY.credentials);
    expect(replica.status).toBe(200);
    expect(Object.keys(jsonObject(replica.text)).sort()).toEqual(['name', 'uuid']);
    const removed = await request(app).delete(REPLICA_PATH).set(SENSAY.credentials);
    expect(removed.status).toBe(200);
    const unlinked = await request(app).delete(SENSAY.path).set(SENSAY.credentials);
    expect(unlinked.status).toBe(200);
  });

  it('the engine and the admin catalog agree on who answers what', async () => {
    const engine = app.mockgram.engine();
    expect(
      engine.overridden.map(({ spec, operation, by }) => [
        spec.name,
        operation.id,
        by.spec.name,
        by.operation.id,
      ]),
    ).toEqual([
      [
        'sensay-published',
        'postV1ReplicasByReplicaIdIntegrationsTelegram',
        'sensay',
        'createReplicaTelegramIntegration',
      ],
      [
        'sensay-published',
        'deleteV1ReplicasByReplicaIdIntegrationsTelegram',
        'sensay',
        'deleteReplicaTelegramIntegration',
      ],
    ]);
    const served = (name: string): string[] =>
      engine.specs.find(({ index }) => index.name === name)?.index.operations.map((o) => o.id) ?? [];
    const neighbours = ['getReplica', 'deleteReplica'];
    const curated = ['createReplicaTelegramIntegration', 'deleteReplicaTelegramIntegration'];
    expect(served('sensay-published')).toEqual(neighbours);
    expect(served('sensay')).toEqual(curated);

    const catalog = jsonObject((await request(app).get('/__mock/scenarios')).text);
    const apis = catalog['apis'] as { spec: string; operations: { operationId: string }[] }[];
    const listed = apis.map(({ spec, operations }) => [spec, operations.map((o) => o.operationId)]);
    expect(listed).toEqual([
      ['sensay-published', neighbours],
      ['sensay', curated],
      ['toolzz', served('toolzz')],
    ]);
  });
});

describe('the vendor spec given last', () => {
  it('answers the shared operations itself', async () => {
    const app = await createMockApp({ specs: [SENSAY_SPEC, PUBLISHED] });
    expect((await createIntegration(app)).status).toBe(201);
  });

  it("refuses the curated spec's scenarios for operations it no longer answers, saying how to order the specs", async () => {
    const failure = createMockApp({ specs: [SENSAY_SPEC, PUBLISHED], scenarioFiles: [SENSAY_SCENARIOS] });
    await expect(failure).rejects.toMatchObject({
      code: 'SCENARIO_INVALID',
      message: expect.stringContaining(
        "operation 'createReplicaTelegramIntegration' of sensay is answered by sensay-published",
      ) as unknown,
    });
    await expect(failure).rejects.toThrow(/give sensay after sensay-published/);
  });
});

describe("onConflict: 'error'", () => {
  it('keeps the strict behaviour: ROUTE_COLLISION naming both files', async () => {
    const failure = createMockApp({ specs: [PUBLISHED, SENSAY_SPEC], onConflict: 'error' });
    await expect(failure).rejects.toBeInstanceOf(MockgramError);
    await expect(failure).rejects.toMatchObject({ code: 'ROUTE_COLLISION' });
    await expect(failure).rejects.toThrow(PUBLISHED);
  });
});

describe('layerSpecs', () => {
  const operation = (id: string, method: OperationSpec['method'], routePath: string): OperationSpec => ({
    id,
    method,
    path: routePath,
    routePath,
    summary: undefined,
    parameters: [],
    requestBody: undefined,
    responses: [],
    security: [],
    assumed: false,
  });
  const spec = (name: string, operations: OperationSpec[]): SpecIndex => ({
    name,
    source: `${name}.yaml`,
    title: name,
    version: '3.1',
    document: {},
    basePath: '',
    operations,
    securitySchemes: new Map(),
  });

  it('the last of several specs answers a shared shape, whatever the parameters are called', () => {
    const a = spec('a', [operation('a-get', 'get', '/items/{id}'), operation('a-list', 'get', '/items')]);
    const b = spec('b', [
      operation('b-get', 'get', '/items/{itemId}'),
      operation('b-put', 'put', '/items/{id}'),
    ]);
    const c = spec('c', [operation('c-get', 'get', '/items/{key}/')]);
    const layered = layerSpecs([a, b, c], 'override');
    expect(layered.specs.map((s) => s.operations.map((o) => o.id))).toEqual([
      ['a-list'],
      ['b-put'],
      ['c-get'],
    ]);
    expect(layered.overridden.map((o) => `${o.operation.id}>${o.by.operation.id}`)).toEqual([
      'a-get>c-get',
      'b-get>c-get',
    ]);
    expect(layered.specs[2]).toBe(c);
  });

  it('operations sharing a shape inside one spec are not a conflict, and unrelated specs are left as they are', () => {
    const one = spec('one', [operation('x', 'get', '/x/{a}'), operation('y', 'get', '/x/{b}')]);
    const two = spec('two', [operation('z', 'post', '/x/{a}')]);
    const layered = layerSpecs([one, two], 'error');
    expect(layered.overridden).toEqual([]);
    expect(layered.specs).toEqual([one, two]);
    expect(layered.specs[0]).toBe(one);
  });
});
