import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  /** Sent exactly as given: nothing is added (no Content-Type unless listed). */
  readonly headers: OutgoingHttpHeaders;
  /** Written before the response is awaited. */
  readonly body?: string | Buffer;
  /** Leave the request unfinished after writing `body` (to show the server answers without the rest). */
  readonly leaveOpen?: boolean;
}

/**
 * One request with `node:http`, for what supertest cannot send: no Content-Type at all, or a declared body that never
 * arrives. Resolves with the response as soon as it has been read; an unfinished request is destroyed then.
 */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: options.method, headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: flatten(response.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          });
          if (options.leaveOpen === true) outgoing.destroy();
        });
        response.on('error', reject);
      },
    );
    // Writing into a socket the server has already closed is expected when it refuses a body early.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (options.body !== undefined) outgoing.write(options.body);
    if (options.leaveOpen !== true) outgoing.end();
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
