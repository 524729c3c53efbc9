import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { createProxyServer } from '../../src/proxy/createProxyServer.ts';
import type { DriftReport } from '../../src/proxy/driftTypes.ts';
import {
  call,
  SENSAY_BODY,
  SENSAY_HEADERS,
  SENSAY_PATH,
  SPECS,
  startProxyRun,
  TOOLZZ_BODY,
  TOOLZZ_HEADERS,
  TOOLZZ_PATH,
  UNIT,
  type ProxyRun,
} from './proxyTargets.ts';

let run: ProxyRun | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await run?.close();
  run = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function drift(base: string): Promise<DriftReport> {
  return (await (await fetch(`${base}/__mock/drift`)).json()) as DriftReport;
}

/** Headers a proxy (or the server framing the answer) may set itself: the rest must arrive as the upstream sent them. */
const FRAMING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function comparable(headers: Headers): [string, string][] {
  return [...headers].filter(([name]) => !FRAMING.has(name));
}

describe('a faithful upstream', () => {
  it('yields no violation for valid requests of both APIs, each journaled', async () => {
    run = await startProxyRun();
    const created = await call(run.url, 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY);
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const exchanges: [string, string, Record<string, string>, unknown][] = [
      ['POST', SENSAY_PATH, SENSAY_HEADERS, SENSAY_BODY],
      ['DELETE', SENSAY_PATH, SENSAY_HEADERS, undefined],
      ['GET', `${TOOLZZ_PATH}/${id}`, TOOLZZ_HEADERS, undefined],
      [
        'PUT',
        `${TOOLZZ_PATH}/${id}`,
        TOOLZZ_HEADERS,
        { ...TOOLZZ_BODY, botToken: undefined, title: 'Renamed' },
      ],
      ['GET', `${TOOLZZ_PATH}/unit/${UNIT}`, TOOLZZ_HEADERS, undefined],
    ];
    for (const [method, path, headers, body] of exchanges) {
      const response = await call(run.url, method, path, headers, body);
      expect(response.status, `${method} ${path}`).toBe(200);
      expect(response.headers.get('mockgram-violations')).toBeNull();
    }
    const report = await drift(run.url);
    expect(report.violations).toEqual([]);
    expect(report.undocumented).toEqual([]);
    expect(report.exchanges).toBe(6);
    expect(report.operations.every((o) => o.exchanges === 1)).toBe(true);
    const journal = (await (await fetch(`${run.url}/__mock/requests`)).json()) as {
      requests: { operation: string; status: number; valid: boolean }[];
    };
    expect(journal.requests.map((r) => [r.operation, r.status, r.valid])).toContainEqual([
      'createReplicaTelegramIntegration',
      200,
      true,
    ]);
    expect(journal.requests).toHaveLength(6);
    const coverage = (await (await fetch(`${run.url}/__mock/coverage`)).json()) as {
      requests: number;
      totals: { operations: { covered: number; total: number } };
    };
    expect(coverage.requests).toBe(6);
    expect(coverage.totals.operations).toMatchObject({ covered: 6, total: 6 });
    const dashboard = await fetch(`${run.url}/__mock/ui`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<html');
  });

  it('reports an invalid request on the request side and still forwards it', async () => {
    run = await startProxyRun();
    const response = await call(run.url, 'POST', SENSAY_PATH, SENSAY_HEADERS, { mention: 'only' });
    // The reference's own rejection, not one made up by the proxy.
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('telegram_token is required');
    const header = JSON.parse(response.headers.get('mockgram-violations') ?? '[]') as unknown;
    expect(header).toEqual([
      { side: 'request', location: 'body', message: "body must have required property 'telegram_token'" },
    ]);
    const report = await drift(run.url);
    expect(report.violations).toEqual([
      expect.objectContaining({
        side: 'request',
        operationId: 'createReplicaTelegramIntegration',
        method: 'POST',
        status: 400,
        problems: [{ location: 'body', message: "body must have required property 'telegram_token'" }],
      }),
    ]);
  });

  it('passes on the bytes, status and headers the upstream sends, as a direct call gets them', async () => {
    run = await startProxyRun();
    const created = await call(run.upstream.url, 'POST', TOOLZZ_PATH, TOOLZZ_HEADERS, TOOLZZ_BODY);
    const { id } = (await created.json()) as { id: string };
    for (const path of [`${TOOLZZ_PATH}/${id}`, `${TOOLZZ_PATH}/unit/${UNIT}`]) {
      const direct = await call(run.upstream.url, 'GET', path, TOOLZZ_HEADERS);
      const proxied = await call(run.url, 'GET', path, TOOLZZ_HEADERS);
      expect(proxied.status).toBe(direct.status);
      expect(comparable(proxied.headers)).toEqual(comparable(direct.headers));
      expect(Buffer.from(await proxied.arrayBuffer())).toEqual(Buffer.from(await direct.arrayBuffer()));
    }
  });

  it('DELETE /__mock/drift starts counting again', async () => {
    run = await startProxyRun();
    await call(run.url, 'GET', '/not/documented', {});
    expect((await drift(run.url)).undocumented).toHaveLength(1);
    const cleared = (await (
      await fetch(`${run.url}/__mock/drift`, { method: 'DELETE' })
    ).json()) as DriftReport;
    expect(cleared.exchanges).toBe(0);
    expect(cleared.undocumented).toEqual([]);
  });
});

/** A TCP server that writes `reply` to every connection (or nothing, when undefined), on 127.0.0.1:0. */
async function rawUpstream(reply: string | undefined): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply !== undefined) socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

async function proxyTo(upstream: string, timeoutMs = 30_000, bodyLimit?: number): Promise<RunningServer> {
  const { listener } = await createProxyServer({
    specs: [SPECS[0] ?? ''],
    upstreams: [upstream],
    upstreamTimeoutMs: timeoutMs,
    bodyLimit,
  });
  const running = await startServer(listener, '127.0.0.1', 0);
  cleanups.push(() => running.close());
  return running;
}

/** A GET with node:http, which shows every header line as received. */
function rawGet(
  url: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; raw: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          raw: response.rawHeaders,
          body,
        });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('hop-by-hop headers', () => {
  it('are not passed on; every other header is, spelled as sent', async () => {
    const upstream = await rawUpstream(
      [
        'HTTP/1.1 200 OK',
        'Content-Type: application/json',
        'Connection: close, X-Hop',
        'X-Hop: one-connection-only',
        'Keep-Alive: timeout=99',
        'Proxy-Authenticate: Basic realm="upstream"',
        'Upgrade: h2c',
        'Trailer: X-Checksum',
        'X-Kept: yes',
        'Content-Length: 2',
        '',
        '{}',
      ].join('\r\n'),
    );
    const proxy = await proxyTo(upstream);
    const got = await rawGet(`${proxy.url}/anything`);
    expect(got.status).toBe(200);
    expect(got.body).toBe('{}');
    expect(got.headers['x-hop']).toBeUndefined();
    expect(got.headers['proxy-authenticate']).toBeUndefined();
    expect(got.headers['upgrade']).toBeUndefined();
    expect(got.headers['trailer']).toBeUndefined();
    expect(got.headers['keep-alive']).not.toBe('timeout=99');
    expect(got.raw).toContain('X-Kept');
    expect(got.headers['content-length']).toBe('2');
  });
});

/** A node:http upstream that reads the whole request body and answers with its size and a large JSON body. */
async function countingUpstream(answerBytes: number): Promise<string> {
  const server = createHttpServer((request, response) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => (size += chunk.length));
    request.on('end', () => {
      const filler = 'x'.repeat(answerBytes);
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Received-Bytes': String(size) });
      response.end(JSON.stringify({ success: true, filler }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

describe('bodies larger than the body limit', () => {
  it('pass through whole both ways; the answer is not judged beyond the limit, and a warning says so', async () => {
    const upstream = await countingUpstream(200_000);
    const proxy = await proxyTo(upstream, 30_000, 1024);
    const sent = JSON.stringify({ ...SENSAY_BODY, mention: 'y'.repeat(50_000) });
    const response = await fetch(`${proxy.url}${SENSAY_PATH}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json' },
      body: sent,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-received-bytes')).toBe(String(Buffer.byteLength(sent)));
    const body = (await response.json()) as { filler: string };
    expect(body.filler).toHaveLength(200_000);
    const report = await drift(proxy.url);
    expect(report.violations).toEqual([]);
    expect(report.warnings.map((w) => `${w.side} ${w.problems.map((p) => p.message).join('; ')}`)).toEqual([
      'request body is larger than 1024 bytes; it was forwarded whole but not judged',
      'response the body is larger than the proxy keeps; its schema was not checked',
    ]);
  });
});

describe('upstream trouble is answered, never a hang', () => {
  it('connection refused: 502 saying so', async () => {
    const closed = await rawUpstream(undefined);
    await cleanups.pop()?.();
    const proxy = await proxyTo(closed);
    const response = await fetch(`${proxy.url}${SENSAY_PATH}`, { method: 'DELETE', headers: SENSAY_HEADERS });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string; upstream: string } };
    expect(body.error.code).toBe('upstream-refused');
    expect(body.error.message).toMatch(/refused the connection/);
    expect(body.error.upstream).toBe(`${closed}${SENSAY_PATH}`);
  });

  it('a host name that does not resolve: 502 upstream-dns', async () => {
    const proxy = await proxyTo('http://mockgram-upstream.invalid');
    const response = await fetch(`${proxy.url}/v1/anything`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream-dns');
  });

  it('a TLS handshake that fails (https to a plain HTTP port): 502 upstream-tls', async () => {
    const plain = await rawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const proxy = await proxyTo(plain.replace('http:', 'https:'));
    const response = await fetch(`${proxy.url}/v1/anything`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream-tls');
  });

  it('an upstream that never answers: 504 after --upstream-timeout', async () => {
    const silent = await rawUpstream(undefined);
    const proxy = await proxyTo(silent, 300);
    const started = performance.now();
    const response = await fetch(`${proxy.url}${SENSAY_PATH}`, {
      method: 'POST',
      headers: { ...SENSAY_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(SENSAY_BODY),
    });
    expect(response.status).toBe(504);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upstream-timeout');
    expect(body.error.message).toContain('300 ms');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('the failure is journaled and the request is still judged', async () => {
    const silent = await rawUpstream(undefined);
    const proxy = await proxyTo(silent, 200);
    await fetch(`${proxy.url}${SENSAY_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(SENSAY_BODY),
    });
    const report = await drift(proxy.url);
    expect(report.violations).toEqual([
      expect.objectContaining({
        side: 'request',
        status: 504,
        problems: [expect.objectContaining({ location: 'credentials' })],
      }),
    ]);
    const journal = (await (await fetch(`${proxy.url}/__mock/requests`)).json()) as {
      requests: { status: number; scenario: string }[];
    };
    expect(journal.requests[0]).toMatchObject({ status: 504, scenario: 'proxy: upstream-timeout' });
  });
});
