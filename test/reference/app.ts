import express from 'express';
import type { ErrorRequestHandler, Express } from 'express';
import { resolveReferenceConfig } from './options.ts';
import type { ReferenceOptions } from './options.ts';
import { createSensayRouter } from './sensayRoutes.ts';
import { openReferenceStore } from './store.ts';
import type { ReferenceStore } from './store.ts';
import { TOOLZZ_BASE_PATH, createToolzzRouter } from './toolzzRoutes.ts';

/** Only reached if an API's own error handler fails; keeps the answer JSON and the process alive. */
const answerUnexpectedFailure: ErrorRequestHandler = (error: unknown, _request, response, next) => {
  if (response.headersSent) {
    next(error);
    return;
  }
  response.status(500).json({ error: 'Internal server error' });
};

/**
 * The hand-written reference backend for both APIs, as an Express app (for supertest).
 * Toolzz lives under `/api`; everything else is Sensay's (base path `/`).
 * Pass `store` to inspect or break the database from a test; by default one is opened at `options.databasePath`.
 */
export function createReferenceApp(
  options: ReferenceOptions,
  store: ReferenceStore = openReferenceStore(options.databasePath),
): Express {
  const config = resolveReferenceConfig(options);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.enable('case sensitive routing');
  app.enable('strict routing');
  app.use(TOOLZZ_BASE_PATH, createToolzzRouter(config, store));
  app.use(createSensayRouter(config, store));
  app.use(answerUnexpectedFailure);
  return app;
}
