import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MockResult } from '../engine/handleMockRequest.ts';

/**
 * Writes an engine result to the socket, playing its faults for real: `reset` destroys the connection, `timeout`
 * never answers, `malformed` sends the first half of the JSON with a matching Content-Length.
 */
export async function deliverResult(
  result: MockResult,
  request: IncomingMessage,
  response: ServerResponse,
  extraHeaders: Readonly<Record<string, string>>,
): Promise<void> {
  if (result.delayMs > 0) await sleep(result.delayMs);
  if (result.fault === 'reset') {
    request.socket.resetAndDestroy();
    return;
  }
  if (result.fault === 'timeout') return;
  const headers = { ...extraHeaders, ...result.headers };
  let body = result.body;
  if (result.fault === 'malformed' && body !== undefined) {
    body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  if (result.closeConnection) headers['Connection'] = 'close';
  response.writeHead(result.status, headers);
  response.end(body);
}
