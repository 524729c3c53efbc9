import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBody, type BodyRead } from '../http/bodyRead.ts';
import { redactUrl } from '../http/redactUrl.ts';
import type { Logger } from '../server/logger.ts';
import type { ProxyEngine, UpstreamOutcome } from './createProxyEngine.ts';
import type { DriftViolation } from './driftTypes.ts';
import { forwardRequest, isHopByHop, type UpstreamAnswer } from './forwardRequest.ts';
import { failureBody, type UpstreamFailure } from './upstreamFailure.ts';

/** The one header the proxy adds to an answer, only when the exchange broke the spec. */
export const VIOLATIONS_HEADER = 'mockgram-violations';

export interface ProxyHttpContext {
  readonly proxy: ProxyEngine;
  readonly logger: Logger;
  readonly timeoutMs: number;
}

const UTF8 = new TextDecoder();

/**
 * One proxied request over HTTP: forwarded at once (its body piped as it arrives, a bounded copy kept for the
 * engine), judged by the engine, answered with the upstream's status, headers (hop-by-hop ones dropped) and body
 * bytes unchanged. The answer's first `bodyLimit` bytes are held until the exchange is judged, so the violations can
 * go in a header; a larger body is passed on unjudged as it arrives.
 */
export function createProxyHttpHandler({
  proxy,
  logger,
  timeoutMs,
}: ProxyHttpContext): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const started = performance.now();
    const url = request.url ?? '/';
    const mockRequest = { method: request.method ?? 'GET', url, headers: request.headers };
    const routed = proxy.route(mockRequest);
    const copy = keepBodyCopy(request, proxy.bodyLimit);
    const verdictPromise = proxy.judgeRequest(routed, copy.read);
    const target = proxy.upstreams.target(routed.match.spec, url);

    let outcome: UpstreamOutcome;
    let answer: UpstreamAnswer | undefined;
    let forwarding: ReturnType<typeof forwardRequest> | undefined;
    if (target === undefined) {
      request.resume();
      outcome = { kind: 'failed', failure: NO_UPSTREAM };
    } else {
      forwarding = forwardRequest(target, mockRequest.method, request.headers, copy.body, {
        timeoutMs,
        limit: proxy.bodyLimit,
      });
      const sent = forwarding;
      response.once('close', () => {
        if (!response.writableFinished) sent.abort();
      });
      const got = await forwarding.answer;
      if (got.kind === 'failed') outcome = got;
      else {
        answer = got;
        const bytes = Buffer.concat(got.chunks);
        const kept = got.complete ? bytes : bytes.subarray(0, proxy.bodyLimit);
        outcome = {
          kind: 'answered',
          response: {
            status: got.message.statusCode ?? 502,
            headers: flatHeaders(got.message),
            text: UTF8.decode(kept),
          },
          bodyCut: !got.complete,
        };
      }
    }
    // The request body was read (or not) while the answer came; a request still sending is judged on what it sent.
    const verdict = await verdictPromise;
    const upstream = target && `${target.origin}${target.pathname}`;

    if (outcome.kind === 'failed' || !answer) {
      const failure = outcome.kind === 'failed' ? outcome.failure : NO_UPSTREAM;
      const body = failureBody(failure, upstream);
      const headers = {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
      };
      const violations = proxy.finish({
        request: mockRequest,
        verdict,
        requestBody: copy.text(),
        outcome: { kind: 'failed', failure },
        sentHeaders: headers,
        failureBody: body,
        durationMs: performance.now() - started,
      });
      if (!response.headersSent && !response.destroyed) {
        const withViolations = violationHeader(violations);
        response.writeHead(
          failure.status,
          withViolations ? { ...headers, [VIOLATIONS_HEADER]: withViolations } : headers,
        );
        response.end(body);
      }
      log(logger, mockRequest.method, url, failure.status, started, failure.code);
      return;
    }

    const { message } = answer;
    const raw = passedHeaders(message);
    const violations = proxy.finish({
      request: mockRequest,
      verdict,
      requestBody: copy.text(),
      outcome,
      sentHeaders: pairsToRecord(raw),
      durationMs: performance.now() - started,
    });
    const summary = violationHeader(violations);
    if (summary !== undefined) raw.push(VIOLATIONS_HEADER, summary);
    if (response.destroyed) return;
    response.writeHead(message.statusCode ?? 502, message.statusMessage, raw);
    for (const chunk of answer.chunks) response.write(chunk);
    if (answer.complete) {
      response.end();
      forwarding?.done();
    } else {
      message.pipe(response);
      message.once('end', () => forwarding?.done());
      // Cut off mid-body (reset, or the timeout): the client must see a cut too, not a short answer that looks whole.
      message.once('error', () => response.destroy());
      message.once('aborted', () => response.destroy());
      message.resume();
    }
    log(
      logger,
      mockRequest.method,
      url,
      message.statusCode ?? 0,
      started,
      violations.length > 0 ? 'drift' : undefined,
    );
  };
}

const NO_UPSTREAM: UpstreamFailure = {
  status: 502,
  code: 'no-upstream',
  message:
    'no upstream is configured for this path: it is under no spec, so give --upstream URL for the rest',
};

/** The request body piped on to the upstream while its first `limit` bytes are kept for the engine. */
function keepBodyCopy(
  request: IncomingMessage,
  limit: number,
): {
  body: IncomingMessage | undefined;
  read: (limit: number) => Promise<BodyRead>;
  text: () => string | undefined;
} {
  if (!hasBody(request.headers)) {
    const empty: BodyRead = { kind: 'ok', bytes: new Uint8Array() };
    return { body: undefined, read: () => Promise.resolve(empty), text: () => undefined };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  let read: BodyRead | undefined;
  const settled = new Promise<BodyRead>((resolve) => {
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.once('end', () => {
      read = tooLarge ? { kind: 'too-large', limit } : { kind: 'ok', bytes: Buffer.concat(chunks) };
      resolve(read);
    });
    request.once('error', () => {
      resolve((read = { kind: 'aborted' }));
    });
    request.once('aborted', () => {
      resolve((read = { kind: 'aborted' }));
    });
  });
  return {
    body: request,
    read: () => settled,
    text: () => (read?.kind === 'ok' ? UTF8.decode(read.bytes) : undefined),
  };
}

/** The upstream's header lines as sent, case kept, hop-by-hop ones dropped: `[name, value, name, value...]`. */
function passedHeaders(message: IncomingMessage): string[] {
  const connection = message.headers.connection;
  const raw = message.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!isHopByHop(name, connection)) out.push(name, raw[i + 1] ?? '');
  }
  return out;
}

function pairsToRecord(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    const existing = out[name];
    out[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return out;
}

/** Lower-case names, repeated headers joined, as the response checks read them. */
function flatHeaders(message: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The violations of an exchange as one header value: a JSON array of `{side, location, message}`, ASCII only (other
 * characters escaped as JSON does), at most 4 KiB; undefined when there are none.
 */
export function violationHeader(violations: readonly DriftViolation[]): string | undefined {
  if (violations.length === 0) return undefined;
  const items = violations.flatMap((v) =>
    v.problems.map((p) => ({ side: v.side, location: p.location, message: p.message })),
  );
  let kept = items;
  let text = asciiJson(kept);
  while (text.length > 4096 && kept.length > 1) {
    kept = kept.slice(0, -1);
    text = asciiJson([
      ...kept,
      {
        side: 'response',
        location: 'more',
        message: `${items.length - kept.length} more: GET /__mock/drift`,
      },
    ]);
  }
  return text.length > 4096 ? `${text.slice(0, 4090)}...` : text;
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function log(
  logger: Logger,
  method: string,
  url: string,
  status: number,
  started: number,
  note: string | undefined,
): void {
  if (logger.level !== 'info' && logger.level !== 'debug') return;
  logger.request({
    method,
    path: redactUrl(url),
    status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    scenario: note ?? 'proxy',
    fault: undefined,
  });
}
