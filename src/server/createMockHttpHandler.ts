import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestJournal } from '../admin/createRequestJournal.ts';
import type { MockEngine } from '../engine/createMockEngine.ts';
import { readBody } from '../http/readBody.ts';
import type { CorsPolicy } from './applyCors.ts';
import { deliverResult } from './deliverResult.ts';
import type { Logger } from './logger.ts';
import { redactUrl } from './redact.ts';

export interface MockHttpContext {
  readonly engine: () => MockEngine;
  readonly journal: RequestJournal;
  readonly logger: Logger;
  readonly cors: CorsPolicy;
}

/**
 * One mock request over HTTP: the engine's answer delivered (faults included), then one journal entry and one log
 * line. Shared by the Express app and the raw listener `mockgram mock` serves with.
 */
export function createMockHttpHandler({
  engine,
  journal,
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
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const path = redactUrl(url);
    const session = request.headers['x-mock-session'];
    journal.record({
      method: request.method ?? 'GET',
      path,
      status: result.fault === undefined || result.fault === 'malformed' ? result.status : 0,
      operation: result.operation?.id,
      scenario: result.scenario,
      session: typeof session === 'string' ? session : undefined,
      valid: result.diagnostics.length === 0,
      problems: result.diagnostics.length === 0 ? NO_PROBLEMS : result.diagnostics.map((d) => d.message),
      durationMs,
    });
    logger.request({
      method: request.method ?? 'GET',
      path,
      status: result.status,
      durationMs,
      scenario: result.scenario,
      fault: result.fault,
    });
  };
}

const NO_PROBLEMS: readonly string[] = Object.freeze([]);

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
