import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface ServerTimeouts {
  /** A client must send all its headers within this (slowloris guard). */
  readonly headersTimeout: number;
  /** The whole request, body included, must arrive within this. */
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
};

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens with timeouts that stop a trickling client from holding a connection; `close` drains in-flight requests. */
export function startServer(
  listener: RequestListener,
  host: string,
  port: number,
  timeouts: ServerTimeouts = DEFAULT_TIMEOUTS,
): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
      // Node only enforces the two timeouts above when it checks connections (every 30 s by default).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersTimeout),
    },
    listener,
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeout;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => {
              done();
            });
            server.closeIdleConnections();
            setTimeout(() => {
              server.closeAllConnections();
            }, 5_000).unref();
          }),
      });
    });
  });
}
