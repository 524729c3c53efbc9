import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { describeUpstreamError, timeoutFailure, type UpstreamFailure } from './upstreamFailure.ts';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1): never passed on either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Whether a header is hop-by-hop: a fixed one, any `proxy-*`, or one the `Connection` header names. */
export function isHopByHop(name: string, connection: string | undefined): boolean {
  const lower = name.toLowerCase();
  if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-')) return true;
  return (
    connection !== undefined &&
    connection
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(lower)
  );
}

/** The upstream's answer as it starts to arrive: status and headers, the first `limit` bytes of the body. */
export interface UpstreamAnswer {
  readonly kind: 'answered';
  readonly message: IncomingMessage;
  /** The body read so far: all of it when `complete`, else its first `limit` bytes or more. */
  readonly chunks: readonly Buffer[];
  /** False when the body is larger than `limit`: the rest is still to be read from `message` (which is paused). */
  readonly complete: boolean;
}

export interface ForwardOptions {
  readonly timeoutMs: number;
  /** How much of the answer's body is read before the answer is handed over. */
  readonly limit: number;
}

export interface Forwarding {
  readonly answer: Promise<UpstreamAnswer | { readonly kind: 'failed'; readonly failure: UpstreamFailure }>;
  /** Stops the exchange (the client went away, or the answer must be cut off). */
  abort(): void;
  /** Called once the answer was passed on in full, so the timeout stops. */
  done(): void;
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * Sends the request to `target` as it came, minus hop-by-hop headers and with the upstream's Host; the body is
 * piped from `body` as it arrives (never buffered here). Every way the upstream can fail ends in a failure, never in
 * a hang: `timeoutMs` bounds the whole answer, body included.
 */
export function forwardRequest(
  target: URL,
  method: string,
  headers: IncomingHttpHeaders,
  body: Readable | undefined,
  options: ForwardOptions,
): Forwarding {
  const secure = target.protocol === 'https:';
  const outgoing = (secure ? httpsRequest : httpRequest)(target, {
    method,
    headers: forwardedHeaders(headers, target),
    agent: secure ? agents.https : agents.http,
  });
  let settled = false;
  let timedOut = false;
  let resolveAnswer: (value: Awaited<Forwarding['answer']>) => void = () => undefined;
  const answer = new Promise<Awaited<Forwarding['answer']>>((resolve) => {
    resolveAnswer = resolve;
  });
  const settle = (value: Awaited<Forwarding['answer']>): void => {
    if (settled) return;
    settled = true;
    resolveAnswer(value);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    settle({ kind: 'failed', failure: timeoutFailure(options.timeoutMs) });
    outgoing.destroy();
  }, options.timeoutMs);
  const shown = `${target.origin}${target.pathname}`;

  outgoing.on('error', (error) => {
    clearTimeout(timer);
    if (!timedOut) settle({ kind: 'failed', failure: describeUpstreamError(error, shown) });
  });
  outgoing.on('response', (message) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > options.limit) {
        message.pause();
        message.off('data', onData);
        settle({ kind: 'answered', message, chunks, complete: false });
      }
    };
    message.on('data', onData);
    message.once('end', () => {
      if (settled) return;
      clearTimeout(timer);
      settle({ kind: 'answered', message, chunks, complete: true });
    });
    message.once('error', (error) => {
      clearTimeout(timer);
      settle({ kind: 'failed', failure: describeUpstreamError(error, shown) });
    });
    message.once('aborted', () => {
      settle({
        kind: 'failed',
        failure: describeUpstreamError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), shown),
      });
    });
  });
  if (body) body.pipe(outgoing);
  else outgoing.end();

  return {
    answer,
    abort() {
      clearTimeout(timer);
      outgoing.destroy();
    },
    done() {
      clearTimeout(timer);
    },
  };
}

function forwardedHeaders(headers: IncomingHttpHeaders, target: URL): OutgoingHttpHeaders {
  const connection = typeof headers.connection === 'string' ? headers.connection : undefined;
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || isHopByHop(name, connection)) continue;
    out[name] = value;
  }
  out['host'] = target.host;
  return out;
}
