import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ORGANIZATION_SECRET,
  REPLICA,
  SENSAY_API_VERSION,
  SENSAY_REQUEST_ID,
  TOOLZZ_PATH,
  TOOLZZ_TOKEN,
  VALID_SENSAY_BODY,
  VALID_TOOLZZ_BODY,
  referenceOptions,
  sensayPath,
} from './fixtures.ts';
import { BODY_LIMIT_BYTES } from './requestBody.ts';
import { startReferenceServer } from './server.ts';
import type { ReferenceServer } from './server.ts';
import { openReferenceStore } from './store.ts';
import { isJsonObject } from './validation.ts';

const SENSAY_HEADERS = { 'X-ORGANIZATION-SECRET': ORGANIZATION_SECRET };
const TOOLZZ_HEADERS = { Authorization: `Bearer ${TOOLZZ_TOKEN}` };

async function jsonOf(response: globalThis.Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (!isJsonObject(body)) throw new TypeError(`Expected a JSON object, got ${JSON.stringify(body)}`);
  return body;
}

/** Sends raw bytes over TCP and returns the first line of whatever comes back. */
function sendRawHttp(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(payload));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => {
      resolve(received.split('\r\n', 1)[0] ?? '');
    });
    socket.on('error', reject);
  });
}

describe('startReferenceServer', () => {
  let server: ReferenceServer;

  beforeAll(async () => {
    server = await startReferenceServer(referenceOptions());
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('serves both APIs and stores what it answers', async () => {
    const sensay = await fetch(`${server.url}${sensayPath(REPLICA)}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(VALID_SENSAY_BODY),
    });
    const toolzz = await fetch(`${server.url}${TOOLZZ_PATH}`, {
      method: 'POST',
      headers: { ...TOOLZZ_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(VALID_TOOLZZ_BODY),
    });
    const [sensayBody, toolzzBody] = [await jsonOf(sensay), await jsonOf(toolzz)];
    expect([sensay.status, toolzz.status]).toEqual([200, 200]);
    expect(typeof sensayBody.id === 'number' && server.db.findSensayIntegration(sensayBody.id)).toBeTruthy();
    expect(typeof toolzzBody.id === 'string' && server.db.findToolzzIntegration(toolzzBody.id)).toBeTruthy();
  });

  it.each([
    { api: 'Sensay', url: () => `${server.url}${sensayPath(REPLICA)}`, headers: SENSAY_HEADERS },
    { api: 'Toolzz', url: () => `${server.url}${TOOLZZ_PATH}`, headers: TOOLZZ_HEADERS },
  ])('answers 413 in the $api format for a body over 1 MiB', async ({ api, url, headers }) => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: `"${'x'.repeat(BODY_LIMIT_BYTES - 1)}"`,
    });
    const body = await jsonOf(response);
    expect(response.status).toBe(413);
    if (api === 'Sensay') expect(body.request_id).toMatch(SENSAY_REQUEST_ID);
    else
      expect([body.statusCode, body.error, typeof body.message]).toEqual([
        413,
        'Payload Too Large',
        'string',
      ]);
  });

  it('answers 415 for a body sent without Content-Type', async () => {
    const response = await fetch(`${server.url}${sensayPath(REPLICA)}`, {
      method: 'POST',
      headers: SENSAY_HEADERS,
      body: new TextEncoder().encode(JSON.stringify(VALID_SENSAY_BODY)),
    });
    expect([response.status, response.headers.get('x-api-version')]).toEqual([415, SENSAY_API_VERSION]);
  });

  const hostileInputs: readonly {
    name: string;
    path?: string;
    headers?: Record<string, string>;
    body?: Uint8Array | string;
  }[] = [
    { name: 'bytes that are not UTF-8', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
    { name: 'deeply nested arrays', body: `${'['.repeat(200_000)}${']'.repeat(200_000)}` },
    { name: 'JSON null', body: 'null' },
    {
      name: 'a __proto__ property',
      body: '{"__proto__": {"polluted": true}, "telegram_token": "t", "mention": "m"}',
    },
    { name: 'NUL characters', body: '{"telegram_token": "\\u0000", "mention": "\\u0000bot"}' },
    { name: 'gzip encoding of bytes that are not gzip', headers: { 'Content-Encoding': 'gzip' }, body: '{}' },
    { name: 'an unknown content encoding', headers: { 'Content-Encoding': 'x-snappy' }, body: '{}' },
    {
      name: 'a broken percent-encoding in the path',
      path: '/v1/replicas/%E0%A4%A/integrations/telegram',
      body: '{}',
    },
    { name: 'a 2 KiB path parameter', path: sensayPath('a'.repeat(2048)), body: '{}' },
  ];

  it.each(hostileInputs)('survives $name with a JSON answer and no 5xx', async ({ path, headers, body }) => {
    const response = await fetch(`${server.url}${path ?? sensayPath(REPLICA)}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a request that is not HTTP with 400 and keeps serving', async () => {
    expect(await sendRawHttp(server.url, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const response = await fetch(`${server.url}${sensayPath(REPLICA)}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(VALID_SENSAY_BODY),
    });
    expect(response.status).toBe(200);
  });
});

describe('startReferenceServer with a database file', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mockgram-reference-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps integrations after the server closes', async () => {
    const databasePath = join(directory, 'reference.sqlite');
    const server = await startReferenceServer(referenceOptions({ databasePath }));
    const response = await fetch(`${server.url}${sensayPath(REPLICA)}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(VALID_SENSAY_BODY),
    });
    const { id } = await jsonOf(response);
    await server.close();
    const reopened = openReferenceStore(databasePath);
    try {
      expect(typeof id === 'number' ? reopened.findSensayIntegration(id)?.replicaUuid : id).toBe(REPLICA);
    } finally {
      reopened.close();
    }
  });

  it('stops accepting connections once closed', async () => {
    const server = await startReferenceServer(referenceOptions());
    await server.close();
    await expect(fetch(`${server.url}${TOOLZZ_PATH}`, { method: 'POST' })).rejects.toThrow();
  });
});
