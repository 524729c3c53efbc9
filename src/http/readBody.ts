import type { IncomingMessage } from 'node:http';
import type { BodyRead } from './bodyRead.ts';

export { hasBody, type BodyRead } from './bodyRead.ts';

/**
 * Reads the request body up to `limit` bytes. A declared Content-Length over the limit is refused before any byte
 * is read; a chunked body is refused as soon as it crosses the limit, and the rest is never buffered.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large', limit });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // The listeners stay: the request is done with once this settles, and later events find `settled` set.
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish({ kind: 'too-large', limit });
      } else chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish({ kind: 'ok', bytes: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks) });
    };
    const onError = (): void => {
      finish({ kind: 'aborted' });
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
