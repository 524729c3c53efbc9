import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { BENCH_HOST, type BenchRequest } from './benchRequest.ts';
import { describeExit, type ServerProcess } from './serverProcess.ts';

export interface Startup {
  /** Milliseconds from spawn to the first 2xx answer to the peer's request. */
  ms: number;
  /** Body of that first answer (truncated), for the log. */
  body: string;
}

export interface StartupOptions {
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** How long a listening server may keep answering non-200 before we give up. */
  badStatusGraceMs?: number;
}

interface Answer {
  status: number;
  body: string;
}

/** Thrown when the server is up but answers the valid request with non-200. */
export class BadAnswerError extends Error {}

/**
 * Sends the bench request every ~10 ms until the server answers 200.
 * Connection errors mean "not listening yet" and are retried; the server
 * exiting, the overall timeout, or non-200 answers persisting past the grace
 * period are failures.
 */
export async function waitForFirst200(
  server: ServerProcess,
  port: number,
  benchRequest: BenchRequest,
  options: StartupOptions = {},
): Promise<Startup> {
  const pollIntervalMs = options.pollIntervalMs ?? 10;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const badStatusGraceMs = options.badStatusGraceMs ?? 2_000;
  const deadline = AbortSignal.timeout(
    Math.max(0, Math.ceil(timeoutMs - (performance.now() - server.spawnedAt))),
  );
  let firstBadAt: number | null = null;
  let lastError = 'no attempt made';

  for (;;) {
    const { exitInfo } = server;
    if (exitInfo !== null) {
      throw new Error(`${server.name} exited before answering (${describeExit(exitInfo)})`);
    }
    let answer: Answer;
    try {
      answer = await sendOnce(port, benchRequest, deadline);
    } catch (error) {
      if (deadline.aborted) {
        throw new Error(`${server.name} did not answer 200 within ${timeoutMs} ms (last: ${lastError})`, {
          cause: error,
        });
      }
      lastError = error instanceof Error ? error.message : String(error);
      await sleep(pollIntervalMs);
      continue;
    }
    const now = performance.now();
    if (answer.status >= 200 && answer.status < 300) {
      return { ms: now - server.spawnedAt, body: answer.body.slice(0, 200) };
    }
    firstBadAt ??= now;
    lastError = `HTTP ${answer.status}`;
    if (now - firstBadAt > badStatusGraceMs || deadline.aborted) {
      throw new BadAnswerError(
        `${server.name} answers HTTP ${answer.status} to the valid bench request: ${answer.body.slice(0, 500)}`,
      );
    }
    await sleep(pollIntervalMs);
  }
}

function sendOnce(port: number, benchRequest: BenchRequest, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: BENCH_HOST,
        port,
        method: benchRequest.method,
        path: benchRequest.path,
        headers: { ...benchRequest.headers, 'content-length': Buffer.byteLength(benchRequest.body) },
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(benchRequest.body);
  });
}
