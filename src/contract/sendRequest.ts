import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WireRequest, WireResponse } from './types.ts';

export type SendResult =
  | { readonly ok: true; readonly response: WireResponse }
  | { readonly ok: false; readonly error: string; readonly durationMs: number };

/** Methods for which node's client would otherwise stream an empty body with `Transfer-Encoding: chunked`. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * The body that goes on the wire: a POST/PUT/PATCH without one is sent (and shown in curl) as an empty body with
 * `Content-Length: 0`, which is what curl sends too.
 */
export function wireBody(request: WireRequest): string | undefined {
  return request.body ?? (BODY_METHODS.has(request.method) ? '' : undefined);
}

/**
 * Sends exactly the given method, headers and bytes over node:http(s) (no implicit Content-Type, no retries, a new
 * connection per request) and reads the whole answer, failing after `timeoutMs`.
 */
export function sendRequest(request: WireRequest, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const url = new URL(request.url);
  const body = wireBody(request);
  const raw: string[] = request.headers.some(([name]) => name.toLowerCase() === 'host')
    ? []
    : ['Host', url.host];
  for (const [name, value] of request.headers) raw.push(name, value);
  if (body !== undefined) raw.push('Content-Length', String(Buffer.byteLength(body)));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = send(url, { method: request.method, headers: raw, agent: false });
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ ok: false, error: `no answer within ${timeoutMs} ms`, durationMs: elapsed() });
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, error: error.code ?? error.message, durationMs: elapsed() });
    });
    outgoing.on('response', (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      incoming.on('error', (error: NodeJS.ErrnoException) => {
        finish({
          ok: false,
          error: `answer cut short: ${error.code ?? error.message}`,
          durationMs: elapsed(),
        });
      });
      incoming.on('end', () => {
        finish({
          ok: true,
          response: {
            status: incoming.statusCode ?? 0,
            headers: joinHeaders(incoming.rawHeaders),
            text: Buffer.concat(chunks).toString('utf8'),
            durationMs: elapsed(),
          },
        });
      });
    });
    outgoing.end(body);
  });
}

function joinHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    const existing = out[name];
    out[name] = existing === undefined ? value : `${existing}, ${value}`;
  }
  return out;
}
