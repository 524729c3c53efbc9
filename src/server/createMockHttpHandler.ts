import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockEngine } from '../engine/createMockEngine.ts';
import { readBody } from '../http/readBody.ts';
import { redactUrl } from '../http/redactUrl.ts';
import type { CorsPolicy } from './applyCors.ts';
import { deliverResult } from './deliverResult.ts';
import type { Logger } from './logger.ts';

export interface MockHttpContext {
  readonly engine: () => MockEngine;
  readonly logger: Logger;
  readonly cors: CorsPolicy;
}

/**
 * One mock request over HTTP: the engine's answer (which the engine journals and counts) delivered, faults
 * included, then one log line. Shared by the Express app and the raw listener `mockgram mock` serves with.
 */
export function createMockHttpHandler({
  engine,
  logger,
  cors,
}: MockHttpContext): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const started = performance.now();
    const url = request.url ?? '/';
    const result = await engine().handle(
      { method: request.method ?? 'GET', url, headers: request.headers },
      (limit) => readBody(request, limit),
    );
    const delayed = deliverResult(result, request, response, cors.headersFor(request));
    if (delayed) await delayed;
    if (logger.level === 'info' || logger.level === 'debug') {
      logger.request({
        method: request.method ?? 'GET',
        path: redactUrl(url),
        status: result.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        scenario: result.scenario,
        fault: result.fault,
      });
    }
  };
}

/** Answers a request mockgram itself failed on (a bug, not bad input): 500 problem+json, and the server stays up. */
export function answerInternalError(
  error: unknown,
  request: IncomingMessage,
  response: ServerResponse,
  logger: Logger,
): void {
  logger.error(
    `${request.method ?? 'GET'} ${redactUrl(request.url ?? '/')} failed inside mockgram: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(500, { 'Content-Type': 'application/problem+json; charset=utf-8' });
  response.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'mockgram failed to answer this request; see its log',
    }),
  );
}
