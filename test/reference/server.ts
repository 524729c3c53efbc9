import { createServer } from 'node:http';
import { createReferenceApp } from './app.ts';
import type { ReferenceOptions } from './options.ts';
import { openReferenceStore } from './store.ts';
import type { ReferenceStore } from './store.ts';

export interface ReferenceServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** The SQLite-backed store the server writes to. */
  readonly db: ReferenceStore;
  /** Stops listening, drops idle keep-alive connections, then closes the database. */
  close(): Promise<void>;
}

/** Starts the reference backend on 127.0.0.1, on a free port. */
export async function startReferenceServer(options: ReferenceOptions): Promise<ReferenceServer> {
  const db = openReferenceStore(options.databasePath);
  const server = createServer(createReferenceApp(options, db));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    db.close();
    throw new Error('The reference server did not get a TCP address; it must listen on 127.0.0.1.');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          db.close();
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeIdleConnections();
      }),
  };
}
