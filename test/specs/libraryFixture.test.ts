import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import { LIBRARY_SPEC } from '../support/paths.ts';
import { lookup, objectAt } from './documentLookup.ts';
import { readSpecDocument } from './specDocuments.ts';

let library: JsonObject;

beforeAll(async () => {
  library = await readSpecDocument(LIBRARY_SPEC);
});

const statusesOf = (path: string, method: string): string[] =>
  Object.keys(objectAt(library, 'paths', path, method, 'responses'));

describe('the OpenAPI 3.0 library fixture', () => {
  it('is a 3.0 document mounted at /library', () => {
    expect(library['openapi']).toBe('3.0.3');
    expect(lookup(library, 'servers', '0', 'url')).toBe('https://library.example.test/library');
  });

  it('has the operations and statuses the engine tests rely on', () => {
    expect(statusesOf('/books', 'get')).toEqual(['200', '400', '401']);
    expect(statusesOf('/books', 'post')).toEqual(['201', '400', '401']);
    expect(statusesOf('/books/{bookId}', 'get')).toEqual(['200', '400', '401', '404']);
    expect(statusesOf('/books/{bookId}', 'delete')).toEqual(['204', '400', '401', '404']);
    expect(lookup(library, 'paths', '/books', 'post', 'requestBody', 'required')).toBe(true);
    expect(lookup(library, 'paths', '/books/{bookId}', 'parameters', '0')).toMatchObject({
      name: 'bookId',
      in: 'path',
      schema: { type: 'integer', minimum: 1 },
    });
  });

  it('takes array and enum query parameters', () => {
    const parameter = (index: string, ...tokens: string[]): unknown =>
      lookup(library, 'paths', '/books', 'get', 'parameters', index, ...tokens);

    expect(parameter('0')).toMatchObject({
      name: 'limit',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(parameter('1')).toMatchObject({ name: 'tags', in: 'query', style: 'form', explode: true });
    expect(parameter('1', 'schema', 'type')).toBe('array');
    expect(parameter('2')).toMatchObject({ name: 'status', in: 'query' });
    expect(parameter('2', 'schema', 'enum')).toEqual(['available', 'on_loan', 'lost']);
  });

  it('requires an API key header everywhere and X-Total-Count on the list', () => {
    expect(library['security']).toEqual([{ libraryKey: [] }]);
    expect(lookup(library, 'components', 'securitySchemes', 'libraryKey')).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Library-Key',
    });
    expect(
      lookup(library, 'paths', '/books', 'get', 'responses', '200', 'headers', 'X-Total-Count', 'required'),
    ).toBe(true);
  });

  it('uses 3.0 nullable fields and a list of $ref authors in Book', () => {
    const book = (...tokens: string[]): unknown =>
      lookup(library, 'components', 'schemas', 'Book', ...tokens);

    expect(book('properties', 'subtitle')).toEqual({ type: 'string', nullable: true });
    expect(book('properties', 'publishedYear')).toMatchObject({ type: 'integer', nullable: true });
    expect(objectAt(library, 'components', 'schemas', 'Book', 'properties', 'authors')['items']).toEqual({
      $ref: '#/components/schemas/Author',
    });
    expect(book('properties', 'status', 'enum')).toEqual(['available', 'on_loan', 'lost']);
  });
});
