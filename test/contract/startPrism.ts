import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const PRISM = resolve(import.meta.dirname, '../../node_modules/.bin/prism');

export interface RunningPrism {
  /** Prism serves the spec's paths at its root: the server URL's path is not part of them. */
  readonly url: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (Prism takes a port number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) =>
    server.close(() => {
      done();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** `prism mock <spec>` as a child process, resolved once it listens. */
export async function startPrism(spec: string): Promise<RunningPrism> {
  const port = await freePort();
  const child = spawn(PRISM, ['mock', spec, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      fail(new Error(`prism did not start within 25 s:\n${output}`));
    }, 25_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`prism exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once('exit', () => {
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
