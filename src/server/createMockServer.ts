import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Router } from 'express';
import { ADMIN_PREFIX, isAdminPath } from '../admin/adminPrefix.ts';
import type { RequestJournal } from '../journal/createRequestJournal.ts';
import { createMockEngine, type MockEngine, type MockEngineOptions } from '../engine/createMockEngine.ts';
import { MockgramError } from '../errors.ts';
import { createCorsPolicy, NO_CORS, type CorsPolicy } from './applyCors.ts';
import { createMockHttpHandler } from './createMockHttpHandler.ts';
import { createRawListener } from './createRawListener.ts';
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
  /** The current engine's journal (it carries over reloads). */
  readonly journal: RequestJournal;
  /**
   * The mock as a `node:http` request listener (what `mockgram mock` serves): mock traffic goes straight to the
   * engine; `/__mock` goes to the Express admin app, loaded on its first use.
   */
  readonly listener: RequestListener;
}

/** The framework-free core shared by the listener and the Express app. */
export interface MockServer {
  readonly control: MockControl;
  readonly cors: CorsPolicy;
  readonly logger: Logger;
  readonly adminToken: string | undefined;
  readonly startedAt: number;
  readonly handleMock: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Admin routes beside the usual ones (the proxy's `/drift`). */
  readonly adminRoutes?: readonly Router[] | undefined;
}

/**
 * Loads specs and scenarios and compiles every validator, then returns the mock without any HTTP framework: a bad
 * file fails here, not on the first request. `createMockApp` wraps the same core in Express.
 */
export async function createMockServer(options: MockAppOptions): Promise<MockServer> {
  let current = await buildEngine(options);
  const logger = options.logger ?? silentLogger;
  const engine = (): MockEngine => current;
  const cors =
    options.cors === false
      ? NO_CORS
      : createCorsPolicy([...documentedResponseHeaders(current), ...MOCK_HEADERS]);
  const handleMock = createMockHttpHandler({ engine, logger, cors });
  const listener = createRawListener(() => server);
  const control: MockControl = {
    engine,
    get journal() {
      return current.journal;
    },
    listener,
    reload: async () => {
      current = await buildEngine(options, current);
    },
  };
  const server: MockServer = {
    control,
    cors,
    logger,
    adminToken: options.adminToken,
    startedAt: performance.now(),
    handleMock,
  };
  return server;
}

async function buildEngine(options: MockAppOptions, previous?: MockEngine): Promise<MockEngine> {
  const engine = await createMockEngine(options.specs, options, previous);
  for (const { index } of engine.specs) {
    const clash = index.operations.find((o) => isAdminPath(o.routePath));
    if (clash)
      throw new MockgramError(
        'ROUTE_COLLISION',
        `${index.source}: ${clash.routePath} collides with the admin API under ${ADMIN_PREFIX}`,
      );
  }
  return engine;
}

function documentedResponseHeaders(engine: MockEngine): string[] {
  return engine.specs.flatMap(({ index }) =>
    index.operations.flatMap((o) => o.responses.flatMap((r) => r.headers.map((h) => h.name))),
  );
}
