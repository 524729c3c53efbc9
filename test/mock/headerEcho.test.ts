import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker, type SpecChecker } from '../support/responseChecker.ts';
import { jsonObject } from './apis.ts';

/** A header parameter with a pattern and a default, and a response header of the same name with the same rule. */
const VERSIONED = `
openapi: 3.1.0
info: { title: Versioned, version: '1' }
paths:
  /things:
    post:
      operationId: createThing
      parameters:
        - name: X-Version
          in: header
          schema: { type: string, pattern: '^\\d{4}-\\d{2}-\\d{2}$', default: '2024-01-01' }
      security: [{ key: [] }]
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string } } }
      responses:
        '201':
          description: Created
          headers: { X-Version: { $ref: '#/components/headers/Version' } }
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: integer } } }
        '400': { $ref: '#/components/responses/Problem' }
        '401': { $ref: '#/components/responses/Problem' }
        '500': { $ref: '#/components/responses/Problem' }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
  headers:
    Version:
      required: true
      schema: { type: string, pattern: '^\\d{4}-\\d{2}-\\d{2}$' }
  responses:
    Problem:
      description: An error
      headers: { X-Version: { $ref: '#/components/headers/Version' } }
      content:
        application/json:
          schema: { type: object, required: [message], properties: { message: { type: string } } }
`;

let scratch: string;
let app: MockApp;
let checker: SpecChecker;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mockgram-echo-'));
  const path = join(scratch, 'versioned.yaml');
  await writeFile(path, VERSIONED);
  app = await createMockApp({ specs: [path] });
  checker = await loadSpecChecker(path);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const create = (headers: Record<string, string>) =>
  request(app)
    .post('/things')
    .set(headers)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ name: 'a' }));

describe('a response header named like a header parameter', () => {
  it('echoes a valid request value, and the default when none was sent', async () => {
    const echoed = await create({ 'X-Key': 'k', 'X-Version': '2025-04-01' });
    expect(echoed.status).toBe(201);
    expect(echoed.headers['x-version']).toBe('2025-04-01');
    const fallback = await create({ 'X-Key': 'k' });
    expect(fallback.headers['x-version']).toBe('2024-01-01');
    for (const response of [echoed, fallback]) expect(checker.problems('createThing', response)).toEqual([]);
  });

  it('gets 400 naming the header for an invalid value, which is never echoed back', async () => {
    const invalid = await create({ 'X-Key': 'k', 'X-Version': 'banana' });
    expect(invalid.status).toBe(400);
    expect(String(jsonObject(invalid.text)['message'])).toContain(
      "header parameter 'x-version' must match pattern",
    );
    const unauthorized = await create({ 'X-Version': 'banana' });
    expect(unauthorized.status).toBe(401);
    const forced = await create({ 'X-Key': 'k', 'X-Version': 'banana', Prefer: 'code=500' });
    expect(forced.status).toBe(500);
    for (const response of [invalid, unauthorized, forced]) {
      expect(response.headers['x-version']).toBe('2024-01-01');
      expect(checker.problems('createThing', response)).toEqual([]);
    }
  });
});
