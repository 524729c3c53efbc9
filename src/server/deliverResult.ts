import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MockResult } from '../engine/handleMockRequest.ts';

/**
 * Writes an engine result to the socket, playing its faults for real: `reset` destroys the connection, `timeout`
 * never answers, `malformed` sends the first half of the JSON with a matching Content-Length. Returns a promise only
 * when the answer is delayed, so the usual answer costs no extra turn of the event loop.
 */
export function deliverResult(
  result: MockResult,
  request: IncomingMessage,
  response: ServerResponse,
  extraHeaders: Readonly<Record<string, string>>,
): Promise<void> | undefined {
  if (result.delayMs > 0)
    return sleep(result.delayMs).then(() => {
      deliverNow(result, request, response, extraHeaders);
    });
  deliverNow(result, request, response, extraHeaders);
  return undefined;
}

function deliverNow(
  result: MockResult,
  request: IncomingMessage,
  response: ServerResponse,
  extraHeaders: Readonly<Record<string, string>>,
): void {
  if (result.fault === 'reset') {
    request.socket.resetAndDestroy();
    return;
  }
  if (result.fault === 'timeout') return;
  // The result's headers are ours to extend (see finishResult); the CORS headers are shared and never changed.
  // A header the spec documents keeps its own value.
  const headers = result.headers;
  for (const name in extraHeaders) headers[name] ??= extraHeaders[name] ?? '';
  const body = bodyOnTheWire(result);
  if (body !== result.body) headers['Content-Length'] = String(Buffer.byteLength(body ?? ''));
  if (result.closeConnection) headers['Connection'] = 'close';
  response.writeHead(result.status, headers);
  response.end(body);
}

/** The body as sent: the first half of it for a `malformed` fault. */
export function bodyOnTheWire(result: MockResult): string | undefined {
  const { body } = result;
  if (result.fault !== 'malformed' || body === undefined) return body;
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}
