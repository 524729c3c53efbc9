import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = '^k-[a-z0-9]+$';

/**
 * A spec whose item path takes a thing's `key`, not its `id`: inference (which prefers `id`) would address it
 * wrongly, so only the create response's OpenAPI links (one by operationId, one by operationRef) name it right.
 */
export function thingsSpec(withLinks: boolean, deleteDocuments404 = true): Record<string, unknown> {
  const links = {
    GetThing: { operationId: 'getThing', parameters: { thingKey: '$response.body#/key' } },
    DeleteThing: {
      operationRef: '#/paths/~1things~1{thingKey}/delete',
      parameters: { 'path.thingKey': '$response.body#/key' },
    },
  };
  const thing = { $ref: '#/components/schemas/Thing' };
  return {
    openapi: '3.1.0',
    info: { title: 'Things', version: '1.0.0' },
    servers: [{ url: 'https://things.test' }],
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } },
          },
          responses: {
            '201': {
              description: 'Created.',
              content: { 'application/json': { schema: thing } },
              ...(withLinks ? { links } : {}),
            },
            '400': { description: 'Not valid.' },
          },
        },
      },
      '/things/{thingKey}': {
        parameters: [
          { name: 'thingKey', in: 'path', required: true, schema: { type: 'string', pattern: KEY } },
        ],
        get: {
          operationId: 'getThing',
          responses: {
            '200': { description: 'The thing.', content: { 'application/json': { schema: thing } } },
            '404': { description: 'No such thing.' },
          },
        },
        delete: {
          operationId: 'deleteThing',
          responses: {
            '204': { description: 'Deleted.' },
            ...(deleteDocuments404 ? { '404': { description: 'No such thing.' } } : {}),
          },
        },
      },
    },
    components: {
      schemas: {
        NewThing: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 } },
        },
        Thing: {
          type: 'object',
          required: ['id', 'key', 'name'],
          properties: {
            id: { type: 'integer', minimum: 1 },
            key: { type: 'string', pattern: KEY },
            name: { type: 'string' },
          },
        },
      },
    },
  };
}

/** Writes the spec to a fresh temporary directory and returns its path. */
export async function writeThingsSpec(withLinks: boolean, deleteDocuments404 = true): Promise<string> {
  const path = join(
    await mkdtemp(join(tmpdir(), 'mockgram-things-')),
    `things-${withLinks ? 'links' : 'plain'}.json`,
  );
  await writeFile(path, JSON.stringify(thingsSpec(withLinks, deleteDocuments404)));
  return path;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly allow?: string;
}

/** A stateful server for the spec: things kept by key, error answers without a body as the spec documents them. */
export async function startThings(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const things = new Map<string, { id: number; key: string; name: string }>();
  let next = 1;
  const route = (method: string, path: string, contentType: string | undefined, text: string): Answer => {
    if (path === '/things') {
      if (method !== 'POST') return { status: 405, allow: 'POST' };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { status: 400 };
      }
      const fields =
        typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
      const name: unknown = fields.length === 1 && fields[0]?.[0] === 'name' ? fields[0][1] : undefined;
      if (contentType !== 'application/json' || typeof name !== 'string' || name === '')
        return { status: 400 };
      const id = next++;
      const thing = { id, key: `k-${(id * 7919).toString(36)}`, name };
      things.set(thing.key, thing);
      return { status: 201, body: thing };
    }
    const key = /^\/things\/([^/]+)$/.exec(path)?.[1];
    if (key === undefined) return { status: 404 };
    if (method !== 'GET' && method !== 'DELETE') return { status: 405, allow: 'GET, DELETE' };
    const thing = things.get(decodeURIComponent(key));
    if (!thing) return { status: 404 };
    if (method === 'GET') return { status: 200, body: thing };
    things.delete(thing.key);
    return { status: 204 };
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://things.test').pathname;
      const answer = route(
        request.method ?? 'GET',
        path,
        request.headers['content-type'],
        Buffer.concat(chunks).toString('utf8'),
      );
      const headers: Record<string, string> = answer.allow === undefined ? {} : { Allow: answer.allow };
      if (answer.body !== undefined) headers['Content-Type'] = 'application/json';
      response.writeHead(answer.status, headers);
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
