import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { createAdminRouter, ADMIN_PREFIX } from '../admin/createAdminRouter.ts';
import { createRequestJournal, type RequestJournal } from '../admin/createRequestJournal.ts';
import { createMockEngine, type MockEngine, type MockEngineOptions } from '../engine/createMockEngine.ts';
import { MockgramError } from '../errors.ts';
import { createCorsPolicy, NO_CORS } from './applyCors.ts';
import { answerInternalError, createMockHttpHandler } from './createMockHttpHandler.ts';
import { silentLogger, type Logger } from './logger.ts';

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
export const MOCK_HEADERS = ['X-Mock-Scenario', 'X-Mock-Scenario-Ignored', 'Allow', 'WWW-Authenticate'] as const;

export interface MockControl {
  /** The engine answering new requests; requests in flight keep the one they started with. */
  readonly engine: () => MockEngine;
  /** Re-reads specs and scenario files; on failure the running version stays and the error is thrown. */
  readonly reload: () => Promise<void>;
  readonly journal: RequestJournal;
  /**
   * The same behaviour as the app, for `http.createServer`: mock traffic goes straight to the engine and only
   * `/__mock` passes through Express, which keeps the framework's per-request cost off the hot path.
   */
  readonly listener: RequestListener;
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
  const engine = (): MockEngine => current;
  const cors = options.cors === false ? NO_CORS : createCorsPolicy([...documentedResponseHeaders(current), ...MOCK_HEADERS]);
  const handleMock = createMockHttpHandler({ engine, journal, logger });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((request, response, next) => {
    if (!cors(request, response)) next();
  });
  app.use(ADMIN_PREFIX, createAdminRouter({ engine, journal, token: options.adminToken, startedAt: performance.now() }));
  app.use((request, response, next) => {
    handleMock(request, response).catch(next);
  });
  app.use(((error: unknown, request, response, _next) => {
    answerInternalError(error, request, response, logger);
  }) as ErrorRequestHandler);

  const listener: RequestListener = (request, response) => {
    const url = request.url ?? '/';
    if (url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`)) {
      app(request, response);
      return;
    }
    if (cors(request, response)) return;
    handleMock(request, response).catch((error: unknown) => {
      answerInternalError(error, request, response, logger);
    });
  };
  const control: MockControl = {
    engine,
    journal,
    listener,
    reload: async () => {
      current = await buildEngine(options, current);
    },
  };
  return Object.assign(app, { mockgram: control });
}

async function buildEngine(options: MockAppOptions, previous?: MockEngine): Promise<MockEngine> {
  const engine = await createMockEngine(options.specs, options, previous?.state);
  for (const { index } of engine.specs) {
    const clash = index.operations.find((o) => o.routePath === ADMIN_PREFIX || o.routePath.startsWith(`${ADMIN_PREFIX}/`));
    if (clash) throw new MockgramError('ROUTE_COLLISION', `${index.source}: ${clash.routePath} collides with the admin API under ${ADMIN_PREFIX}`);
  }
  return engine;
}

function documentedResponseHeaders(engine: MockEngine): string[] {
  return engine.specs.flatMap(({ index }) => index.operations.flatMap((o) => o.responses.flatMap((r) => r.headers.map((h) => h.name))));
}
