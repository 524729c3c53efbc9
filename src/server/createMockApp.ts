import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createMockEngine, type MockEngine, type MockEngineOptions } from '../engine/createMockEngine.ts';
import { readBody } from '../http/readBody.ts';
import { corsMiddleware } from './corsMiddleware.ts';
import { silentLogger, type Logger } from './logger.ts';
import { redactUrl } from './redact.ts';

export interface MockAppOptions extends MockEngineOptions {
  /** OpenAPI 3.0/3.1 files (YAML or JSON); each is served at the path of its first server URL. */
  readonly specs: readonly string[];
  /** Answer CORS preflights and expose headers to browsers (default: true). */
  readonly cors?: boolean | undefined;
  /** Where the one-line-per-request log goes (default: nowhere). */
  readonly logger?: Logger | undefined;
}

/** Headers mockgram itself sets, readable by browsers through CORS. */
export const MOCK_HEADERS = [
  'X-Mock-Scenario',
  'X-Mock-Scenario-Ignored',
  'X-Mock-Session',
  'Allow',
  'WWW-Authenticate',
] as const;

export interface MockApp extends Express {
  readonly mockgram: MockEngine;
}

/**
 * The mock as an Express app: usable with supertest, or mounted by `mockgram mock`. Specs are loaded and every
 * validator compiled before it resolves, so a bad spec fails here, not on the first request.
 */
export async function createMockApp(options: MockAppOptions): Promise<MockApp> {
  const engine = await createMockEngine(options.specs, options);
  const logger = options.logger ?? silentLogger;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.cors !== false)
    app.use(corsMiddleware({ exposeHeaders: [...documentedResponseHeaders(engine), ...MOCK_HEADERS] }));
  app.use(mockHandler(engine, logger));
  app.use(internalErrorHandler(logger));
  return Object.assign(app, { mockgram: engine });
}

function mockHandler(engine: MockEngine, logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    engine
      .handle({ method: request.method, url: request.originalUrl, headers: request.headers }, (limit) =>
        readBody(request, limit),
      )
      .then((result) => {
        if (result.closeConnection) result.headers['Connection'] = 'close';
        response.writeHead(result.status, result.headers);
        response.end(result.body);
        if (logger.level !== 'silent') {
          const ms = (performance.now() - started).toFixed(1);
          logger.info(
            `${request.method} ${redactUrl(request.originalUrl)} ${result.status} ${ms}ms${result.operation ? ` ${result.operation.id}` : ''}`,
          );
        }
      })
      .catch(next);
  };
}

const internalErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error: unknown, request, response, _next) => {
    logger.error(
      `${request.method} ${redactUrl(request.originalUrl)} failed inside mockgram: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
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
  };

function documentedResponseHeaders(engine: MockEngine): string[] {
  return engine.specs.flatMap(({ index }) =>
    index.operations.flatMap((o) => o.responses.flatMap((r) => r.headers.map((h) => h.name))),
  );
}
