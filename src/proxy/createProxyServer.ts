import type { RequestListener } from 'node:http';
import { ADMIN_PREFIX, isAdminPath } from '../admin/adminPrefix.ts';
import { driftRoutes } from '../admin/driftRoutes.ts';
import { MockgramError } from '../errors.ts';
import { NO_CORS } from '../server/applyCors.ts';
import { createRawListener } from '../server/createRawListener.ts';
import type { MockServer } from '../server/createMockServer.ts';
import { silentLogger, type Logger } from '../server/logger.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import { createProxyEngine, type ProxyEngine, type ProxyEngineOptions } from './createProxyEngine.ts';
import { createProxyHttpHandler } from './createProxyHttpHandler.ts';

export interface ProxyServerOptions extends ProxyEngineOptions {
  /** OpenAPI 3.0/3.1 files (YAML or JSON). */
  readonly specs: readonly string[];
  /** How long the upstream may take to answer in full, in ms (default 30 000); then the client gets a 504. */
  readonly upstreamTimeoutMs?: number | undefined;
  readonly logger?: Logger | undefined;
  /** Required on every `/__mock` call when set. */
  readonly adminToken?: string | undefined;
}

export interface ProxyServer {
  readonly proxy: ProxyEngine;
  /** What `mockgram proxy` serves: `/__mock` to the admin API (drift included), everything else to the upstream. */
  readonly listener: RequestListener;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * A validating reverse proxy: every request goes to its spec's upstream and back unchanged, while the engine judges
 * both sides against the spec. The admin API, journal and dashboard work as on the mock, plus `GET /__mock/drift`.
 */
export async function createProxyServer(options: ProxyServerOptions): Promise<ProxyServer> {
  const documents = await Promise.all(options.specs.map((file) => loadSpecDocument(file)));
  const proxy = await createProxyEngine(documents, options);
  for (const { index } of proxy.engine.specs) {
    const clash = index.operations.find((o) => isAdminPath(o.routePath));
    if (clash)
      throw new MockgramError(
        'ROUTE_COLLISION',
        `${index.source}: ${clash.routePath} collides with the admin API under ${ADMIN_PREFIX}`,
      );
  }
  const logger = options.logger ?? silentLogger;
  const handle = createProxyHttpHandler({
    proxy,
    logger,
    timeoutMs: options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
  });
  const { recorder } = proxy;
  const server: MockServer = {
    control: {
      engine: () => proxy.engine,
      journal: proxy.engine.journal,
      listener: (request, response) => {
        listener(request, response);
      },
      reload: () =>
        Promise.reject(new MockgramError('INVALID_OPTION', 'the proxy does not reload; restart it instead')),
    },
    cors: NO_CORS,
    logger,
    adminToken: options.adminToken,
    startedAt: performance.now(),
    handleMock: handle,
    adminRoutes: [
      driftRoutes({
        report: () => proxy.drift.report(),
        clear: () => {
          proxy.drift.clear();
        },
        flush: recorder && (() => recorder.flush()),
      }),
    ],
  };
  const listener = createRawListener(() => server);
  return { proxy, listener };
}
