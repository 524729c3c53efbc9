import { createServer, type Server } from 'node:http';
import { MockgramError } from '../errors.ts';
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
    const failed = (error: NodeJS.ErrnoException): void => {
      reject(listenError(error, host, port));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
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

/** Why the server could not listen, as a coded error that says what to do. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): MockgramError {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (error.code === 'EADDRINUSE')
    return new MockgramError('PORT_IN_USE', `${address} is already in use`, { cause: error });
  const reason =
    error.code === 'EACCES'
      ? 'this user may not listen there (ports below 1024 usually need root)'
      : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
        ? `${host} is not an address of this machine`
        : (error.code ?? error.message);
  return new MockgramError('LISTEN_FAILED', `cannot listen on ${address}: ${reason}`, { cause: error });
}
