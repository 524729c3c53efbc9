import { describe, expect, it } from 'vitest';
import { LIBRARY_SPEC, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { collectExamples } from './collectExamples.ts';
import { objectAt } from './documentLookup.ts';
import { listSpecFiles, readSpecDocument } from './specDocuments.ts';
import { validateExamples } from './validateExamples.ts';

const SENSAY_OPERATION = ['paths', '/v1/replicas/{replicaUUID}/integrations/telegram', 'post'];
const SENSAY_POINTER = '/paths/~1v1~1replicas~1{replicaUUID}~1integrations~1telegram/post';
const JSON_MEDIA = 'application/json';

describe('every example and default validates against its own schema', () => {
  it.each(listSpecFiles())('$name', async ({ path }) => {
    const document = await readSpecDocument(path);

    expect(collectExamples(document).length).toBeGreaterThan(0);
    expect(validateExamples(document)).toEqual([]);
  });
});

describe('the example walker finds every kind of example', () => {
  it('finds named media-type examples, shared Example Objects, parameter, header and default values', async () => {
    const found = collectExamples(await readSpecDocument(SENSAY_SPEC)).map((example) => example.at);

    expect(found).toEqual(
      expect.arrayContaining([
        `${SENSAY_POINTER}/requestBody/content/application~1json/examples/default/value`,
        `${SENSAY_POINTER}/requestBody/content/application~1json/examples/document/value`,
        '/components/responses/InternalServerError/content/application~1json/examples/default/value',
        '/components/examples/DocumentErrorWithFingerprint/value',
        '/components/parameters/ReplicaUUID/example',
        '/components/parameters/ApiVersion/example',
        '/components/parameters/ApiVersion/schema/default',
        '/components/headers/ApiVersion/example',
      ]),
    );
  });

  it('finds schema property examples and defaults', async () => {
    const found = collectExamples(await readSpecDocument(TOOLZZ_SPEC)).map((example) => example.at);

    expect(found).toEqual(
      expect.arrayContaining([
        '/components/schemas/TelegramIntegration/properties/createdAt/example',
        '/components/schemas/TelegramIntegration/properties/isActive/default',
        '/components/schemas/TelegramIntegration/properties/deletedAt/default',
      ]),
    );
  });

  it('finds lone media-type examples, parameter examples maps and examples in shared components (3.0)', async () => {
    const found = collectExamples(await readSpecDocument(LIBRARY_SPEC)).map((example) => example.at);

    expect(found).toEqual(
      expect.arrayContaining([
        '/paths/~1books/get/parameters/1/examples/two/value',
        '/paths/~1books/get/responses/200/headers/X-Total-Count/example',
        '/paths/~1books/get/responses/200/content/application~1json/example',
        '/components/requestBodies/NewBook/content/application~1json/example',
        '/components/parameters/BookId/example',
        '/components/schemas/NewBook/properties/subtitle/example',
      ]),
    );
  });
});

describe('the example check reports examples that do not match', () => {
  it('reports a media-type example of the wrong type', async () => {
    const document = await readSpecDocument(SENSAY_SPEC);
    const examples = objectAt(
      document,
      ...SENSAY_OPERATION,
      'responses',
      '200',
      'content',
      JSON_MEDIA,
      'examples',
    );
    examples['default'] = { value: { success: true, id: '42' } };

    expect(validateExamples(document)).toEqual([
      {
        at: `${SENSAY_POINTER}/responses/200/content/application~1json/examples/default/value`,
        schemaAt: `${SENSAY_POINTER}/responses/200/content/application~1json/schema`,
        message: 'example/id must be number',
      },
    ]);
  });

  it('reports a broken shared Example Object once for every response that uses it', async () => {
    const document = await readSpecDocument(SENSAY_SPEC);
    Reflect.deleteProperty(
      objectAt(document, 'components', 'examples', 'DocumentErrorWithFingerprint', 'value'),
      'request_id',
    );

    const problems = validateExamples(document);

    expect(problems.map((problem) => problem.schemaAt)).toEqual(
      ['BadRequest', 'Unauthorized', 'UnsupportedMediaType'].map(
        (response) => `/components/responses/${response}/content/application~1json/schema`,
      ),
    );
    expect(new Set(problems.map((problem) => problem.message))).toEqual(
      new Set(["example must have required property 'request_id'"]),
    );
  });

  it('reports a parameter example of the wrong type', async () => {
    const document = await readSpecDocument(SENSAY_SPEC);
    objectAt(document, 'components', 'parameters', 'ApiVersion')['example'] = 20250325;

    expect(validateExamples(document)).toEqual([
      {
        at: '/components/parameters/ApiVersion/example',
        schemaAt: '/components/parameters/ApiVersion/schema',
        message: 'example must be string',
      },
    ]);
  });

  it('reports a schema property example and a default of the wrong type', async () => {
    const document = await readSpecDocument(TOOLZZ_SPEC);
    const properties = ['components', 'schemas', 'TelegramIntegration', 'properties'];
    objectAt(document, ...properties, 'createdAt')['example'] = 20260417;
    objectAt(document, ...properties, 'deletedAt')['default'] = false;

    expect(validateExamples(document).map((problem) => [problem.at, problem.message])).toEqual([
      ['/components/schemas/TelegramIntegration/properties/createdAt/example', 'example must be string'],
      ['/components/schemas/TelegramIntegration/properties/deletedAt/default', 'example must be string,null'],
    ]);
  });

  it('honours OpenAPI 3.0 nullable: null is only valid where the schema is nullable', async () => {
    const document = await readSpecDocument(LIBRARY_SPEC);
    Reflect.deleteProperty(
      objectAt(document, 'components', 'schemas', 'Book', 'properties', 'subtitle'),
      'nullable',
    );

    expect(validateExamples(document).map((problem) => [problem.at, problem.message])).toEqual([
      [
        '/paths/~1books/get/responses/200/content/application~1json/example',
        'example/1/subtitle must be string',
      ],
      [
        '/paths/~1books/post/responses/201/content/application~1json/examples/created/value',
        'example/subtitle must be string',
      ],
    ]);
  });

  it('reports a schema with an unknown keyword instead of ignoring it', async () => {
    const document = await readSpecDocument(TOOLZZ_SPEC);
    objectAt(document, 'components', 'schemas', 'Error', 'properties', 'error')['minLenght'] = 1;

    const problems = validateExamples(document);

    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.message).toBe('the schema does not compile: strict mode: unknown keyword: "minLenght"');
    }
  });
});
