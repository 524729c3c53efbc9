import express, { type ErrorRequestHandler, type Express } from 'express';
import { ADMIN_PREFIX } from '../admin/adminPrefix.ts';
import { createAdminRouter } from '../admin/createAdminRouter.ts';
import { answerInternalError } from './createMockHttpHandler.ts';
import type { MockServer } from './createMockServer.ts';

/**
 * The Express form of a mock server: CORS, the admin API under `/__mock`, then every other request to the mock. It is
 * both what `createMockApp` returns and what the raw listener hands `/__mock` requests to.
 */
export function toExpressApp(server: MockServer): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Paths are case-sensitive, as on the raw listener: `/__MOCK` is not the admin API.
  app.set('case sensitive routing', true);
  app.use((request, response, next) => {
    if (!server.cors.preflight(request, response)) next();
  });
  app.use(
    ADMIN_PREFIX,
    (request, response, next) => {
      response.set(server.cors.headersFor(request));
      next();
    },
    createAdminRouter({
      engine: server.control.engine,
      token: server.adminToken,
      startedAt: server.startedAt,
      extraRoutes: server.adminRoutes,
    }),
  );
  app.use((request, response, next) => {
    server.handleMock(request, response).catch(next);
  });
  app.use(((error: unknown, request, response, _next) => {
    answerInternalError(error, request, response, server.logger);
  }) as ErrorRequestHandler);
  return app;
}
