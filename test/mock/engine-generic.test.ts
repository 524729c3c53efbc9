import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, MockgramError, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { LIBRARY_SPEC, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { isObject, jsonObject, parseJson, SENSAY } from './apis.ts';
import { LIBRARY_KEY, NEW_BOOK } from './validRequests.ts';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mockgram-engine-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeSpec(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

describe('library (OpenAPI 3.0 fixture)', () => {
  let app: MockApp;
  let checker: SpecChecker;

  beforeAll(async () => {
    // Validation and generated answers, so without state: a read of any id answers generated data.
    app = await createMockApp({ specs: [LIBRARY_SPEC], stateless: true });
    checker = await loadSpecChecker(LIBRARY_SPEC);
  });

  const list = (query: string) => request(app).get(`/library/books${query}`).set(LIBRARY_KEY);
  const create = (body: unknown) =>
    request(app)
      .post('/library/books')
      .set(LIBRARY_KEY)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  const errorMessage = (text: string): string => String(jsonObject(text)['message']);

  it.each([
    ['no query', ''],
    ['an integer limit given as a string', '?limit=5'],
    ['repeated array items', '?tags=fantasy&tags=classic'],
    ['a single array item', '?tags=fantasy'],
    ['an enum value', '?status=on_loan'],
    ['everything at once', '?limit=100&tags=a&tags=b&status=lost'],
  ])('listBooks accepts %s', async (_label, query) => {
    const response = await list(query);
    expect(response.status).toBe(200);
    expect(checker.problems('listBooks', response)).toEqual([]);
    expect(Array.isArray(parseJson(response.text))).toBe(true);
    expect(response.headers['x-total-count']).toMatch(/^\d+$/);
  });

  it.each([
    ['?limit=abc', "query parameter 'limit' must be integer"],
    ['?limit=2.5', "query parameter 'limit' must be integer"],
    ['?limit=0', "query parameter 'limit' must be >= 1"],
    ['?limit=101', "query parameter 'limit' must be <= 100"],
    ['?status=borrowed', "query parameter 'status' must be equal to one of the allowed values"],
    ['?tags=a&tags=', "query parameter 'tags'/1 must NOT have fewer than 1 characters"],
  ])('listBooks refuses %s with 400: %s', async (query, message) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(checker.problems('listBooks', response)).toEqual([]);
    expect(errorMessage(response.text)).toContain(message);
  });

  it('the path parameter shared through components/parameters is validated', async () => {
    expect((await request(app).get('/library/books/7').set(LIBRARY_KEY)).status).toBe(200);
    const word = await request(app).get('/library/books/seven').set(LIBRARY_KEY);
    expect(word.status).toBe(400);
    expect(errorMessage(word.text)).toContain("path parameter 'bookId' must be integer");
    const zero = await request(app).delete('/library/books/0').set(LIBRARY_KEY);
    expect(zero.status).toBe(400);
    expect(errorMessage(zero.text)).toContain("path parameter 'bookId' must be >= 1");
    expect(checker.problems('deleteBook', zero)).toEqual([]);
  });

  it('the API key scheme applies to every operation (global security)', async () => {
    const response = await request(app).get('/library/books/7');
    expect(response.status).toBe(401);
    expect(checker.problems('getBook', response)).toEqual([]);
    expect(errorMessage(response.text)).toContain('X-Library-Key');
  });

  it('the request body from components/requestBodies is validated, with its $ref schemas', async () => {
    const created = await create(NEW_BOOK);
    expect(created.status).toBe(201);
    expect(checker.problems('createBook', created)).toEqual([]);
    const noTitle = await create({ authors: [] });
    expect(noTitle.status).toBe(400);
    expect(errorMessage(noTitle.text)).toContain("body must have required property 'title'");
    const anonymousAuthor = await create({ ...NEW_BOOK, authors: [{ born: 1900 }] });
    expect(anonymousAuthor.status).toBe(400);
    expect(errorMessage(anonymousAuthor.text)).toContain("body/authors/0 must have required property 'name'");
  });

  it.each([
    ['subtitle', { subtitle: null }],
    ['publishedYear', { publishedYear: null }],
    ["an author's born", { authors: [{ name: 'Anonymous', born: null }] }],
  ])('nullable: null is accepted for %s', async (_label, patch) => {
    const response = await create({ ...NEW_BOOK, ...patch });
    expect(response.status).toBe(201);
  });

  it.each([
    ['title', { title: null }, 'body/title must be string'],
    ['authors', { authors: null }, 'body/authors must be array'],
    ["an author's name", { authors: [{ name: null }] }, 'body/authors/0/name must be string'],
  ])('not nullable: null is refused for %s', async (_label, patch, message) => {
    const response = await create({ ...NEW_BOOK, ...patch });
    expect(response.status).toBe(400);
    expect(errorMessage(response.text)).toContain(message);
  });

  it('nullable does not widen other rules: publishedYear 1000 is still below the minimum', async () => {
    const response = await create({ ...NEW_BOOK, publishedYear: 1000 });
    expect(response.status).toBe(400);
    expect(errorMessage(response.text)).toContain('body/publishedYear must be >= 1450');
  });

  it('generated books keep the schema: nullable fields are null or of their type', async () => {
    const response = await list('?limit=3');
    const books = parseJson(response.text);
    expect(Array.isArray(books)).toBe(true);
    for (const book of Array.isArray(books) ? (books as unknown[]) : []) {
      expect(isObject(book)).toBe(true);
      if (!isObject(book)) continue;
      expect(book['subtitle'] === null || typeof book['subtitle'] === 'string').toBe(true);
      expect(['available', 'on_loan', 'lost']).toContain(book['status']);
    }
  });
});

const NOTES_31 = `openapi: 3.1.0
info: { title: Notes, version: '1' }
servers: [{ url: /notes-api }]
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewNote' }
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
        '400':
          description: Invalid
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Problem' }
  /notes/{noteId}:
    get:
      operationId: getNote
      parameters:
        - { name: noteId, in: path, required: true, schema: { type: integer, exclusiveMinimum: 0 } }
      responses:
        '200':
          description: The note
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
components:
  schemas:
    NewNote:
      type: object
      required: [text, color, kind]
      properties:
        text: { type: string, minLength: 1 }
        color: { type: [string, 'null'], enum: [red, green, null] }
        archivedAt: { type: [string, 'null'], format: date-time }
        kind: { const: note }
    Note:
      allOf:
        - $ref: '#/components/schemas/NewNote'
        - type: object
          required: [id, archivedAt]
          properties:
            id: { type: integer, exclusiveMinimum: 0 }
    Problem:
      type: object
      required: [title, detail]
      properties:
        title: { type: string }
        detail: { type: string }
`;

describe('OpenAPI 3.1 (a fixture written to a temp dir)', () => {
  let app: MockApp;
  let checker: SpecChecker;
  const post = (body: unknown) =>
    request(app).post('/notes-api/notes').set('Content-Type', 'application/json').send(JSON.stringify(body));

  beforeAll(async () => {
    const path = await writeSpec('notes-3.1.yaml', NOTES_31);
    app = await createMockApp({ specs: [path], stateless: true });
    checker = await loadSpecChecker(path);
  });

  it("type: [string, 'null'] accepts null and strings, and the enum still applies", async () => {
    expect((await post({ text: 'a', color: null, kind: 'note', archivedAt: null })).status).toBe(201);
    expect((await post({ text: 'a', color: 'red', kind: 'note' })).status).toBe(201);
    const blue = await post({ text: 'a', color: 'blue', kind: 'note' });
    expect(blue.status).toBe(400);
    expect(String(jsonObject(blue.text)['detail'])).toContain(
      'body/color must be equal to one of the allowed values',
    );
  });

  it('a plain type refuses null; const and numeric exclusiveMinimum are JSON Schema 2020-12', async () => {
    const nullText = await post({ text: null, color: null, kind: 'note' });
    expect(nullText.status).toBe(400);
    expect(String(jsonObject(nullText.text)['detail'])).toContain('body/text must be string');
    const otherKind = await post({ text: 'a', color: null, kind: 'memo' });
    expect(otherKind.status).toBe(400);
    expect(String(jsonObject(otherKind.text)['detail'])).toContain('body/kind must be equal to constant');
    expect((await request(app).get('/notes-api/notes/0')).status).toBe(400);
    expect((await request(app).get('/notes-api/notes/1')).status).toBe(200);
  });

  it('a format on a nullable string is checked when a string is sent', async () => {
    const response = await post({ text: 'a', color: null, kind: 'note', archivedAt: 'yesterday' });
    expect(response.status).toBe(400);
    expect(String(jsonObject(response.text)['detail'])).toContain(
      'body/archivedAt must match format "date-time"',
    );
  });

  it('answers (including allOf and const) validate against the 3.1 spec', async () => {
    const created = await post({ text: 'a', color: 'green', kind: 'note' });
    expect(checker.problems('createNote', created)).toEqual([]);
    const body = jsonObject(created.text);
    expect(body['kind']).toBe('note');
    const fetched = await request(app).get('/notes-api/notes/3');
    expect(checker.problems('getNote', fetched)).toEqual([]);
    for (const status of ['201', '400']) {
      const forced = await post({ text: 'a', color: null, kind: 'note' }).set('Prefer', `code=${status}`);
      expect(forced.status).toBe(Number(status));
      expect(checker.problems('createNote', forced)).toEqual([]);
    }
  });
});

describe('start-up errors', () => {
  it('with onConflict error, two specs serving the same method and path are refused with ROUTE_COLLISION naming both files', async () => {
    const copy = await writeSpec('sensay-copy.yaml', await readFile(SENSAY_SPEC, 'utf8'));
    const failure = createMockApp({ specs: [SENSAY_SPEC, copy], onConflict: 'error' });
    await expect(failure).rejects.toBeInstanceOf(MockgramError);
    await expect(failure).rejects.toMatchObject({ code: 'ROUTE_COLLISION' });
    const error: unknown = await failure.catch((caught: unknown) => caught);
    expect(error instanceof Error ? error.message : '').toContain(SENSAY_SPEC);
    expect(error instanceof Error ? error.message : '').toContain(copy);
  });

  it('routes collide whatever their path parameters are called', async () => {
    const other = await writeSpec(
      'other-names.yaml',
      `openapi: 3.1.0
info: { title: Other, version: '1' }
paths:
  /v1/replicas/{replica}/integrations/telegram:
    post:
      responses: { '204': { description: Done } }
`,
    );
    await expect(createMockApp({ specs: [SENSAY_SPEC, other], onConflict: 'error' })).rejects.toMatchObject({
      code: 'ROUTE_COLLISION',
      message: expect.stringContaining(other) as unknown,
    });
  });

  it('a collision between the second and third spec on a path is found too', async () => {
    const getter = (title: string) => `openapi: 3.1.0
info: { title: ${title}, version: '1' }
paths:
  /v1/replicas/{replicaUUID}/integrations/telegram:
    get:
      responses: { '204': { description: Done } }
`;
    const first = await writeSpec('getter-a.yaml', getter('A'));
    const second = await writeSpec('getter-b.yaml', getter('B'));
    await expect(
      createMockApp({ specs: [SENSAY_SPEC, first, second], onConflict: 'error' }),
    ).rejects.toMatchObject({
      code: 'ROUTE_COLLISION',
      message: expect.stringMatching(/getter-a\.yaml[\s\S]*getter-b\.yaml/) as unknown,
    });
  });

  it('different methods on the same path from two specs coexist', async () => {
    const getter = await writeSpec(
      'getter.yaml',
      `openapi: 3.1.0
info: { title: Getter, version: '1' }
paths:
  /v1/replicas/{replicaUUID}/integrations/telegram:
    get:
      operationId: readIntegration
      responses: { '204': { description: Done } }
`,
    );
    const app = await createMockApp({ specs: [SENSAY_SPEC, getter] });
    expect((await request(app).get(SENSAY.path)).status).toBe(204);
    const created = await request(app)
      .post(SENSAY.path)
      .set(SENSAY.credentials)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SENSAY.body));
    expect(created.status).toBe(200);
    const neither = await request(app).put(SENSAY.path);
    expect(neither.status).toBe(405);
    expect(neither.headers['allow']?.split(', ').sort()).toEqual(['DELETE', 'GET', 'POST']);
  });

  it.each([
    ['swagger 2.0', "swagger: '2.0'\ninfo: { title: Old, version: '1' }\npaths: {}\n"],
    ['openapi: 2.0', "openapi: '2.0'\ninfo: { title: Old, version: '1' }\npaths: {}\n"],
    ['openapi: 2.0 as a number', "openapi: 2.0\ninfo: { title: Old, version: '1' }\npaths: {}\n"],
  ])('%s is refused with SPEC_UNSUPPORTED_VERSION naming the file', async (label, text) => {
    const path = await writeSpec(`${label.replace(/\W+/g, '-')}.yaml`, text);
    await expect(createMockApp({ specs: [path] })).rejects.toMatchObject({
      code: 'SPEC_UNSUPPORTED_VERSION',
      message: expect.stringContaining(path) as unknown,
    });
  });

  it('a missing spec file is refused with SPEC_NOT_FOUND', async () => {
    await expect(createMockApp({ specs: [join(scratch, 'absent.yaml')] })).rejects.toMatchObject({
      code: 'SPEC_NOT_FOUND',
    });
  });
});

describe('programmatic API', () => {
  it('createMockApp from src/index.ts serves every spec given and exposes its engine', async () => {
    const app = await createMockApp({ specs: [SENSAY_SPEC, TOOLZZ_SPEC, LIBRARY_SPEC] });
    expect(app.mockgram.engine().specs.map((s) => s.index.name)).toEqual(['sensay', 'toolzz', 'library-3.0']);
    expect(app.mockgram.engine().specs.map((s) => s.index.basePath)).toEqual(['', '/api', '/library']);
    const created = await request(app)
      .post('/library/books')
      .set(LIBRARY_KEY)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(NEW_BOOK));
    const id = jsonObject(created.text)['id'];
    expect(id).toEqual(expect.any(Number));
    const response = await request(app)
      .get(`/library/books/${String(id)}`)
      .set(LIBRARY_KEY);
    expect(response.status).toBe(200);
    expect(jsonObject(response.text)).toEqual(jsonObject(created.text));
  });
});
