import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import { createMockApp, type MockApp, type MockAppOptions } from '../../src/index.ts';

export interface StartedMock extends RunningServer {
  readonly app: MockApp;
}

/** The mock on 127.0.0.1, port 0, served like `mockgram mock` serves it (raw listener, Express only for /__mock). */
export async function startMock(options: MockAppOptions): Promise<StartedMock> {
  const app = await createMockApp(options);
  const running = await startServer(app.mockgram.listener, '127.0.0.1', 0);
  return { ...running, app };
}
