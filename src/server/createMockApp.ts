import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createAdminRouter, ADMIN_PREFIX } from '../admin/createAdminRouter.ts';
import { createRequestJournal, type RequestJournal } from '../admin/createRequestJournal.ts';
import { createMockEngine, type MockEngine, type MockEngineOptions } from '../engine/createMockEngine.ts';
import { MockgramError } from '../errors.ts';
import { readBody } from '../http/readBody.ts';
import { corsMiddleware } from './corsMiddleware.ts';
import { deliverResult } from './deliverResult.ts';
import { silentLogger, type Logger } from './logger.ts';
import { redactUrl } from './redact.ts';

export interface MockAppOptions extends MockEngineOptions {
  /** OpenAPI 3.0/3.1 files (YAML or JSON); each is served at the path of its first server URL. */
  readonly specs: readonly string[];
  /** Answer CORS preflights and expose headers to browsers (default: true). */
  readonly cors?: boolean | undefined;
  /** Where the one-line-per-request log goes (default: nowhere). */
  readonly logger?: Logger | undefined;
  /** Required on every `/__mock` call when set. */
  readonly adminToken?: string | undefined;
  /** How many recent requests `GET /__mock/requests` keeps (default 500). */
  readonly journalSize?: number | undefined;
}

/** Headers mockgram itself sets, readable by browsers through CORS. */
export const MOCK_HEADERS = [
  'X-Mock-Scenario',
  'X-Mock-Scenario-Ignored',
  'Allow',
  'WWW-Authenticate',
] as const;

export interface MockControl {
  /** The engine answering new requests; requests in flight keep the one they started with. */
  readonly engine: () => MockEngine;
  /** Re-reads specs and scenario files; on failure the running version stays and the error is thrown. */
  readonly reload: () => Promise<void>;
  readonly journal: RequestJournal;
}

export interface MockApp extends Express {
  readonly mockgram: MockControl;
}

/**
 * The mock as an Express app: usable with supertest, or served by `mockgram mock`. Specs and scenarios are loaded
 * and every validator compiled before it resolves, so a bad file fails here, not on the first request.
 */
export async function createMockApp(options: MockAppOptions): Promise<MockApp> {
  let current = await buildEngine(options);
  const logger = options.logger ?? silentLogger;
  const journal = createRequestJournal(options.journalSize ?? 500);
  const control: MockControl = {
    engine: () => current,
    journal,
    reload: async () => {
      current = await buildEngine(options, current);
    },
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.cors !== false)
    app.use(corsMiddleware({ exposeHeaders: [...documentedResponseHeaders(current), ...MOCK_HEADERS] }));
  app.use(
    ADMIN_PREFIX,
    createAdminRouter({
      engine: control.engine,
      journal,
      token: options.adminToken,
      startedAt: performance.now(),
    }),
  );
  app.use(mockHandler(control, logger));
  app.use(internalErrorHandler(logger));
  return Object.assign(app, { mockgram: control });
}

async function buildEngine(options: MockAppOptions, previous?: MockEngine): Promise<MockEngine> {
  const engine = await createMockEngine(options.specs, options, previous?.state);
  for (const { index } of engine.specs) {
    const clash = index.operations.find(
      (o) => o.routePath === ADMIN_PREFIX || o.routePath.startsWith(`${ADMIN_PREFIX}/`),
    );
    if (clash)
      throw new MockgramError(
        'ROUTE_COLLISION',
        `${index.source}: ${clash.routePath} collides with the admin API under ${ADMIN_PREFIX}`,
      );
  }
  return engine;
}

function mockHandler(control: MockControl, logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    control
      .engine()
      .handle({ method: request.method, url: request.originalUrl, headers: request.headers }, (limit) =>
        readBody(request, limit),
      )
      .then(async (result) => {
        await deliverResult(result, request, response);
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        const path = redactUrl(request.originalUrl);
        control.journal.record({
          method: request.method,
          path,
          status: result.fault === undefined || result.fault === 'malformed' ? result.status : 0,
          operation: result.operation?.id,
          scenario: result.scenario,
          session: request.get('x-mock-session'),
          valid: result.diagnostics.length === 0,
          problems: result.diagnostics.map((d) => d.message),
          durationMs,
        });
        if (logger.level !== 'silent') {
          const fault = result.fault === undefined ? '' : ` fault=${result.fault}`;
          logger.info(
            `${request.method} ${path} ${result.status} ${durationMs}ms ${result.scenario}${fault}`,
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
