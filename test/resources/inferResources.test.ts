import { beforeAll, describe, expect, it } from 'vitest';
import { MockgramError } from '../../src/errors.ts';
import { inferResources } from '../../src/resources/inferResources.ts';
import type { Resource, ResourceModel } from '../../src/resources/types.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import { loadSpecDocument } from '../../src/spec/loadSpecDocument.ts';
import type { SpecIndex } from '../../src/spec/types.ts';
import { BOOKSHELF_SPEC, LIBRARY_SPEC, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';

let specs: SpecIndex[];
let model: ResourceModel;

beforeAll(async () => {
  specs = await Promise.all(
    [SENSAY_SPEC, TOOLZZ_SPEC, LIBRARY_SPEC, BOOKSHELF_SPEC].map(async (path) =>
      indexOperations(await loadSpecDocument(path)),
    ),
  );
  model = inferResources(specs);
});

function resource(spec: string, name: string): Resource {
  const found = model.byName(spec, name);
  if (!found)
    throw new Error(`no resource ${spec}/${name}; found ${model.resources.map((r) => r.name).join(', ')}`);
  return found;
}

function actions(found: Resource): Record<string, string> {
  return Object.fromEntries(found.operations.map((o) => [o.operation.id, o.action]));
}

describe('resources inferred from the shape of a spec', () => {
  it('Toolzz: a collection with an item path, read and replaced by id, listed by unit', () => {
    const integration = resource('toolzz', 'TelegramIntegration');

    expect(actions(integration)).toEqual({
      createTelegramIntegration: 'create',
      getTelegramIntegration: 'read',
      updateTelegramIntegration: 'replace',
      listTelegramIntegrationsByUnit: 'list',
    });
    expect(integration).toMatchObject({
      collectionPath: '/v1/telegram/integration',
      itemPath: '/v1/telegram/integration/{integrationId}',
      singleton: false,
      idParam: 'integrationId',
      idField: 'id',
      scopeParams: [],
    });
    const list = integration.operations.find((o) => o.action === 'list')?.list;
    expect(list).toEqual({
      shape: { arrayField: 'data', totalFields: [] },
      filters: [{ in: 'path', parameter: 'unitId', field: 'unitId' }],
      pagination: {},
    });
  });

  it('Sensay: create and delete on one path make a singleton per replica', () => {
    const [integration] = model.resources.filter((r) => r.spec.name === 'sensay');

    expect(integration).toMatchObject({ singleton: true, scopeParams: ['replicaUUID'], idParam: undefined });
    expect(integration && actions(integration)).toEqual({
      createReplicaTelegramIntegration: 'create',
      deleteReplicaTelegramIntegration: 'remove',
    });
  });

  it('a nested collection belongs to its parent; lists know their wrapper, filters and paging', () => {
    const book = resource('bookshelf-3.1', 'Book');
    const loan = resource('bookshelf-3.1', 'Loan');

    expect(actions(book)).toEqual({
      createBook: 'create',
      getBook: 'read',
      replaceBook: 'replace',
      updateBook: 'merge',
      deleteBook: 'remove',
      listBooks: 'list',
    });
    expect(book.operations.find((o) => o.action === 'list')?.list).toEqual({
      shape: { arrayField: 'items', totalFields: ['total'] },
      filters: [
        { in: 'query', parameter: 'author', field: 'author' },
        { in: 'query', parameter: 'status', field: 'status' },
      ],
      pagination: { limit: 'limit', offset: 'offset' },
    });
    expect(loan).toMatchObject({
      collectionPath: '/books/{bookId}/loans',
      scopeParams: ['bookId'],
      idParam: 'loanId',
      idField: 'id',
      parent: 'Book',
      parentParam: 'bookId',
    });
    expect(loan.operations.find((o) => o.action === 'list')?.list?.shape).toEqual({
      arrayField: '',
      totalFields: [],
    });
  });

  it('works on OpenAPI 3.0 too', () => {
    expect(actions(resource('library-3.0', 'Book'))).toMatchObject({
      createBook: 'create',
      getBook: 'read',
      deleteBook: 'remove',
      listBooks: 'list',
    });
  });

  it('leaves alone a POST that nothing reads back (an action, not a resource)', () => {
    const [sensay] = specs;
    if (!sensay) throw new Error('no spec');
    const createOnly = {
      ...sensay,
      operations: sensay.operations.filter((o) => o.method === 'post'),
    };

    expect(inferResources([createOnly]).resources).toEqual([]);
  });
});

describe('resources declared in a scenario file', () => {
  it('claim their operations and name the not-found scenario', () => {
    const declared = inferResources(
      specs,
      new Map([
        [
          'sensay',
          [
            {
              name: 'telegram-integration',
              notFound: 'no-integration',
              operations: {
                create: ['createReplicaTelegramIntegration'],
                remove: ['deleteReplicaTelegramIntegration'],
              },
            },
          ],
        ],
      ]),
    );
    const sensay = declared.resources.filter((r) => r.spec.name === 'sensay');

    expect(sensay.map((r) => [r.name, r.singleton, r.declared, r.notFoundScenario])).toEqual([
      ['telegram-integration', true, true, 'no-integration'],
    ]);
  });

  it('name unknown operations as a scenario-file error', () => {
    const declare = (): ResourceModel =>
      inferResources(specs, new Map([['toolzz', [{ name: 'x', operations: { read: ['getIntegration'] } }]]]));

    expect(declare).toThrow(MockgramError);
    expect(declare).toThrow(/operation 'getIntegration' is not in toolzz/);
  });
});
