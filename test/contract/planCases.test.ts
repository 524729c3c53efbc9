import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { planBodyMutations } from '../../src/contract/planBodyMutations.ts';
import { planCases, type Plan, type PlanOptions } from '../../src/contract/planCases.ts';
import type { ContractCase } from '../../src/contract/types.ts';
import { MockgramError } from '../../src/errors.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import { loadSpecDocument } from '../../src/spec/loadSpecDocument.ts';
import type { SpecIndex } from '../../src/spec/types.ts';
import { compileSpecValidators, type SpecValidators } from '../../src/validate/compileSpecValidators.ts';
import { BOT, LIBRARY, ORGANIZATION_SECRET, REPLICA, SENSAY, TOOLZZ, UNIT, type SpecRun } from './targets.ts';

const TARGET = 'http://api.test/base';

interface Planned {
  readonly spec: SpecIndex;
  readonly validators: SpecValidators;
  readonly plan: Plan;
}

async function planFor(
  run: SpecRun,
  options: Partial<PlanOptions> & { seed?: number } = {},
): Promise<Planned> {
  const spec = indexOperations(await loadSpecDocument(run.spec));
  const validators = compileSpecValidators(spec);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(options.seed ?? 1);
  const plan = planCases(spec, validators.operations, {
    target: TARGET,
    headers: run.headers,
    params: run.params,
    faker,
    now: new Date(Date.UTC(2026, 0, 1)),
    safe: false,
    allowedStatuses: [],
    ...options,
  });
  return { spec, validators, plan };
}

function find(plan: Plan, name: string, operationId?: string): ContractCase {
  const found = plan.cases.find(
    (c) => c.name === name && (operationId === undefined || c.operation.id === operationId),
  );
  if (!found) throw new Error(`no case ${name}; planned: ${plan.cases.map((c) => c.name).join(', ')}`);
  return found;
}

function header(planned: ContractCase, name: string): string | undefined {
  return planned.request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function jsonBody(planned: ContractCase): unknown {
  return JSON.parse(planned.request.body ?? 'null');
}

describe('planCases: Sensay', () => {
  it('plans one negative case per rule of the spec, each with the status the spec documents', async () => {
    const { plan } = await planFor(SENSAY);
    const negatives = plan.cases
      .filter((c) => c.kind === 'negative')
      .map((c) => [c.operation.id, c.name, c.expect.kind === 'reject' ? c.expect.statuses : []]);
    const create = 'createReplicaTelegramIntegration';
    const remove = 'deleteReplicaTelegramIntegration';
    expect(negatives).toEqual([
      ...[
        ['credentials-missing', [401]],
        ['credentials-wrong', [401]],
        ['path-format:replicaUUID', [400]],
        ['body-missing', [400]],
        ['body-type:/', [400]],
        ['body-missing:/telegram_token', [400]],
        ['body-missing:/mention', [400]],
        ['body-additional-property:/', [400]],
        ['body-type:/telegram_token', [400]],
        ['body-type:/mention', [400]],
        ['body-malformed-json', [400]],
        ['content-type-missing', [415]],
        ['content-type-wrong', [415]],
        ['method-undocumented:GET', [405]],
      ].map(([name, statuses]) => [create, name, statuses]),
      // The DELETE takes no body: only credentials and parameters can be wrong (its path was probed above).
      [remove, 'credentials-missing', [401]],
      [remove, 'credentials-wrong', [401]],
      [remove, 'path-format:replicaUUID', [400]],
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('changes exactly one thing of the valid request in each negative case', async () => {
    const { plan } = await planFor(SENSAY);
    const valid = find(plan, 'example:default');
    expect(valid.request).toEqual({
      method: 'POST',
      url: `${TARGET}/v1/replicas/${REPLICA}/integrations/telegram`,
      headers: [
        ['User-Agent', 'mockgram-contract'],
        ['X-ORGANIZATION-SECRET', ORGANIZATION_SECRET],
        ['Content-Type', 'application/json'],
      ],
      body: '{"telegram_token":"7701101112:AAquJ4OaiEu1fE7U1FRxf8SP4FbqB9qMkjy","mention":"acme_support_bot"}',
    });
    expect(jsonBody(find(plan, 'body-missing:/mention'))).toEqual({
      telegram_token: '7701101112:AAquJ4OaiEu1fE7U1FRxf8SP4FbqB9qMkjy',
    });
    expect(jsonBody(find(plan, 'body-additional-property:/'))).toMatchObject({
      unexpected_property: 'unexpected',
    });
    expect(jsonBody(find(plan, 'body-type:/mention'))).toMatchObject({ mention: 12345 });
    expect(jsonBody(find(plan, 'body-type:/'))).toEqual([]);
    expect(find(plan, 'body-malformed-json').request.body).toBe(valid.request.body?.slice(0, -1));
    expect(find(plan, 'body-missing').request.body).toBe('');
    const noContentType = find(plan, 'content-type-missing');
    expect(header(noContentType, 'content-type')).toBeUndefined();
    expect(noContentType.request.body).toBe(valid.request.body);
    expect(header(find(plan, 'content-type-wrong'), 'content-type')).toBe('text/plain');
    expect(header(find(plan, 'credentials-missing'), 'x-organization-secret')).toBeUndefined();
    expect(header(find(plan, 'credentials-wrong'), 'x-organization-secret')).toMatch(
      /^wrong-[A-Za-z0-9]{24}$/,
    );
    expect(find(plan, 'path-format:replicaUUID').request.url).toBe(
      `${TARGET}/v1/replicas/not-a-uuid/integrations/telegram`,
    );
    // X-API-Version is a plain string in Sensay's spec: no value of it can be wrong.
    expect(plan.cases.filter((c) => c.name.includes('x-api-version'))).toEqual([]);
    const method = find(plan, 'method-undocumented:GET');
    expect(method.request).toMatchObject({ method: 'GET', body: undefined });
    expect(method.documented).toBe(false);
  });

  it('sends each documented example and a generated body, all valid', async () => {
    const { plan, validators, spec } = await planFor(SENSAY);
    const positives = plan.cases.filter(
      (c) => c.kind === 'positive' && c.operation.id === 'createReplicaTelegramIntegration',
    );
    expect(positives.map((c) => c.name)).toEqual(['example:default', 'example:document', 'generated']);
    expect(
      plan.cases.filter(
        (c) => c.kind === 'positive' && c.operation.id !== 'createReplicaTelegramIntegration',
      ),
    ).toMatchObject([
      {
        id: 'deleteReplicaTelegramIntegration valid-request',
        request: { method: 'DELETE', body: undefined },
      },
    ]);
    const [operation] = spec.operations;
    const validate = operation && validators.operations.get(operation)?.bodies.get('application/json');
    expect(validate).toBeDefined();
    for (const positive of positives) {
      expect(positive.expect).toEqual({ kind: 'accept', allowedStatuses: [] });
      expect(validate?.(jsonBody(positive))).toBe(true);
    }
  });

  it('is reproducible: same seed, same requests; another seed, other generated values', async () => {
    const first = await planFor(SENSAY, { seed: 42 });
    const again = await planFor(SENSAY, { seed: 42 });
    const other = await planFor(SENSAY, { seed: 43 });
    const requests = (planned: Planned): unknown[] => planned.plan.cases.map((c) => c.request);
    expect(requests(again)).toEqual(requests(first));
    expect(find(other.plan, 'generated').request.body).not.toBe(find(first.plan, 'generated').request.body);
  });

  it('refuses a --param that breaks the spec, before sending anything', async () => {
    await expect(planFor({ ...SENSAY, params: { replicaUUID: 'not-a-uuid' } })).rejects.toSatisfy(
      (error: unknown) => error instanceof MockgramError && error.code === 'INVALID_OPTION',
    );
  });
});

describe('planCases: Toolzz and the 3.0 fixture', () => {
  it('plans enum, format and length violations, and no unknown-property case where unknown fields are allowed', async () => {
    const { plan } = await planFor(TOOLZZ);
    const names = plan.cases.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'body-format:/botId',
        'body-format:/unitId',
        'body-enum:/scope',
        'body-minLength:/title',
        'body-minLength:/botToken',
      ]),
    );
    expect(names.some((n) => n.startsWith('body-additional-property'))).toBe(false);
    expect(jsonBody(find(plan, 'body-enum:/scope'))).toMatchObject({ scope: 'not-in-enum' });
    expect(jsonBody(find(plan, 'body-minLength:/title'))).toMatchObject({ title: '' });
    expect(header(find(plan, 'credentials-wrong'), 'authorization')).toMatch(/^Bearer wrong-/);
  });

  it('puts --param values for body properties into every valid body', async () => {
    const { plan } = await planFor(TOOLZZ);
    const withBody = plan.cases.filter((c) => c.kind === 'positive' && c.request.body !== undefined);
    expect(new Set(withBody.map((c) => c.operation.id))).toEqual(
      new Set(['createTelegramIntegration', 'updateTelegramIntegration']),
    );
    for (const positive of withBody) expect(jsonBody(positive)).toMatchObject({ botId: BOT, unitId: UNIT });
    // unitId is a path parameter of the list by unit too: the same --param names the unit there.
    expect(find(plan, 'valid-request', 'listTelegramIntegrationsByUnit').request.url).toBe(
      `${TARGET}/v1/telegram/integration/unit/${UNIT}`,
    );
  });

  it('walks nested objects and arrays, and mutates query and path parameters (3.0)', async () => {
    const { plan } = await planFor(LIBRARY);
    expect(plan.cases.filter((c) => c.operation.id === 'createBook').map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'body-missing:/authors/0/name',
        'body-minLength:/authors/0/name',
        'body-minimum:/authors/0/born',
        'body-minimum:/publishedYear',
      ]),
    );
    expect(find(plan, 'query-maximum:limit').request.url).toBe(`${TARGET}/books?limit=101`);
    expect(find(plan, 'query-minimum:limit').request.url).toBe(`${TARGET}/books?limit=0`);
    expect(find(plan, 'path-minimum:bookId', 'getBook').request.url).toBe(`${TARGET}/books/0`);
    expect(find(plan, 'path-type:bookId', 'getBook').request.url).toBe(`${TARGET}/books/wrong-type`);
    // The fixture documents no 415: a Content-Type problem must get its documented 400.
    expect(find(plan, 'content-type-wrong').expect).toEqual({ kind: 'reject', statuses: [400] });
    // One undocumented-method probe per path, never a method the path documents.
    expect(plan.cases.filter((c) => c.name.startsWith('method-')).map((c) => c.id)).toEqual([
      'listBooks method-undocumented:PUT',
      'getBook method-undocumented:PUT',
    ]);
  });

  it('--safe plans nothing that could create or delete: no valid POST/DELETE, only safe probe methods', async () => {
    const { plan } = await planFor(LIBRARY, { safe: true });
    const positives = plan.cases.filter((c) => c.kind === 'positive').map((c) => c.id);
    expect(positives).toEqual(['listBooks valid-request', 'getBook valid-request']);
    const methods = new Set(plan.cases.map((c) => c.request.method));
    expect([...methods].sort()).toEqual(['DELETE', 'GET', 'POST', 'TRACE']);
    expect(find(plan, 'method-undocumented:TRACE', 'getBook').expect).toMatchObject({
      kind: 'reject',
      statuses: [405],
    });
  });
});

describe('planCases: a required body the runner cannot write', () => {
  it('plans no valid request without it, and says why', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mockgram-plan-'));
    const path = join(directory, 'upload.json');
    await writeFile(
      path,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Uploads', version: '1' },
        paths: {
          '/uploads': {
            post: {
              operationId: 'upload',
              requestBody: {
                required: true,
                content: { 'multipart/form-data': { schema: { type: 'object' } } },
              },
              responses: { '201': { description: 'Stored.' }, '400': { description: 'Not valid.' } },
            },
          },
        },
      }),
    );
    try {
      const { plan } = await planFor({ spec: path, basePath: '', headers: [], params: {} });
      expect(plan.cases.filter((c) => c.kind === 'positive')).toEqual([]);
      expect(plan.notes).toEqual([
        'upload: request bodies of multipart/form-data are not planned (JSON and forms are)',
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('planBodyMutations (plain values)', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'tags'],
    properties: {
      name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
      size: { type: 'integer', minimum: 1, maximum: 9 },
      tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
    },
  };
  const valid = { name: 'abc', tags: ['x'] };

  it('breaks one rule per mutation and leaves the rest of the body valid', () => {
    const mutations = planBodyMutations(schema, {}, valid, () => 5);
    expect(mutations.map((m) => [m.name, m.body])).toEqual([
      ['body-type:/', []],
      ['body-missing:/name', { tags: ['x'] }],
      ['body-missing:/tags', { name: 'abc' }],
      ['body-additional-property:/', { ...valid, unexpected_property: 'unexpected' }],
      ['body-type:/name', { name: 12345, tags: ['x'] }],
      ['body-pattern:/name', { name: '!!!', tags: ['x'] }],
      ['body-maxLength:/name', { name: 'abcxxxxxx', tags: ['x'] }],
      ['body-type:/size', { ...valid, size: 'wrong-type' }],
      ['body-minimum:/size', { ...valid, size: 0 }],
      ['body-maximum:/size', { ...valid, size: 10 }],
      ['body-type:/tags', { name: 'abc', tags: 'wrong-type' }],
      ['body-minItems:/tags', { name: 'abc', tags: [] }],
      ['body-maxItems:/tags', { name: 'abc', tags: ['x', 'x', 'x'] }],
      ['body-type:/tags/0', { name: 'abc', tags: [12345] }],
    ]);
    expect(valid).toEqual({ name: 'abc', tags: ['x'] });
  });
});
