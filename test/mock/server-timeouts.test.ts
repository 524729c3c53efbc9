import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { createMockApp } from '../../src/index.ts';
import { SENSAY_SPEC } from '../support/paths.ts';
import { SENSAY } from './apis.ts';

interface Trickle {
  /** Bytes written before the server ended the connection. */
  readonly sent: number;
  readonly total: number;
  /** What the server wrote back, if anything (a 408, or nothing). */
  readonly received: string;
}

/**
 * Writes `prefix` at once, then `text` one byte every `intervalMs` on a raw socket, like a slowloris client, and resolves when the server
 * ends the connection. Finishing the whole text first means the server never cut it off.
 */
function trickle(url: string, prefix: string, text: string, intervalMs: number): Promise<Trickle> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    if (prefix !== '') socket.write(prefix);
    let sent = 0;
    let received = '';
    const timer = setInterval(() => {
      if (sent < text.length && !socket.destroyed) socket.write(text.charAt(sent++));
    }, intervalMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ sent, total: text.length, received });
    });
  });
}

describe('server timeouts', () => {
  let running: RunningServer;

  beforeAll(async () => {
    const app = await createMockApp({ specs: [SENSAY_SPEC] });
    running = await startServer(app, '127.0.0.1', 0, {
      headersTimeout: 500,
      requestTimeout: 1000,
      keepAliveTimeout: 500,
    });
  });
  afterAll(async () => {
    await running.close();
  });

  it('a client trickling its headers is disconnected long before it finishes them', async () => {
    // 100 bytes at one every 100 ms would take 10 s; the headers timeout is 500 ms.
    const head = `POST ${SENSAY.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'p'.repeat(100)}\r\n\r\n`;
    const result = await trickle(running.url, '', head, 100);
    expect(result.sent).toBeLessThan(result.total / 2);
    expect(result.received === '' || result.received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a client trickling its body is disconnected long before it finishes it', async () => {
    const body = JSON.stringify(SENSAY.body);
    const head =
      `POST ${SENSAY.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-ORGANIZATION-SECRET: s\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\n\r\n`;
    // The headers arrive at once; the body, at one byte every 100 ms, would take 6 s against a 1 s request timeout.
    const result = await trickle(running.url, head, body, 100);
    expect(result.sent).toBeLessThan(result.total / 2);
    expect(result.received === '' || result.received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a prompt client on the same server is answered normally', async () => {
    const body = JSON.stringify(SENSAY.body);
    const response = await fetch(`${running.url}${SENSAY.path}`, {
      method: 'POST',
      headers: { 'X-ORGANIZATION-SECRET': 's', 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
  });

  it('the default headers timeout is at most 60 s, and every default is set', () => {
    expect(DEFAULT_TIMEOUTS.headersTimeout).toBeGreaterThan(0);
    expect(DEFAULT_TIMEOUTS.headersTimeout).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_TIMEOUTS.requestTimeout).toBeGreaterThanOrEqual(DEFAULT_TIMEOUTS.headersTimeout);
    expect(DEFAULT_TIMEOUTS.keepAliveTimeout).toBeGreaterThan(0);
  });

  it('startServer applies the timeouts it is given to the node server', () => {
    expect(running.server.headersTimeout).toBe(500);
    expect(running.server.requestTimeout).toBe(1000);
    expect(running.server.keepAliveTimeout).toBe(500);
  });
});
