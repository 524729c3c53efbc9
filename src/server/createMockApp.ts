import type { Express } from 'express';
import { toExpressApp } from './toExpressApp.ts';
import { createMockServer, type MockAppOptions, type MockControl } from './createMockServer.ts';

export { MOCK_HEADERS, type MockAppOptions, type MockControl } from './createMockServer.ts';

export interface MockApp extends Express {
  readonly mockgram: MockControl;
}

/**
 * The mock as an Express app, for supertest or for mounting in another app. Specs and scenarios are loaded and every
 * validator compiled before it resolves, so a bad file fails here, not on the first request.
 */
export async function createMockApp(options: MockAppOptions): Promise<MockApp> {
  const server = await createMockServer(options);
  return Object.assign(toExpressApp(server), { mockgram: server.control });
}
