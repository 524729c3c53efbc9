import { writeSync } from 'node:fs';

/** Where log lines go: written in batches, never one system call per line. */
export interface LineWriter {
  /** Queues one line (without its newline). */
  write(line: string): void;
  /** Writes everything queued, now. */
  flush(): void;
}

/** Above this many queued characters a batch is written at once, so a slow reader cannot make memory grow. */
const MAX_QUEUED = 1024 * 1024;
/** How long a full pipe (EAGAIN) may keep one batch waiting before the rest of it is given up. */
const MAX_BLOCKED_MS = 2000;

const writers = new Map<number, LineWriter>();

/**
 * A line writer on a file descriptor (1: stdout), shared by everything that logs to it. Lines are queued and
 * written together once the current turn of the event loop is over, after the answers that produced them have
 * gone out: one `write` for many requests under load, and no system call in a request's path. What is still queued
 * when the process exits (normally, or through `process.exit` after SIGINT/SIGTERM) is written synchronously then.
 */
export function fdLineWriter(fd = 1): LineWriter {
  const known = writers.get(fd);
  if (known) return known;
  const writer = createLineWriter((text) => {
    writeFully(fd, text);
  });
  writers.set(fd, writer);
  process.once('exit', () => {
    writer.flush();
  });
  return writer;
}

/** The batching itself, over any function that writes a whole text (exported for tests). */
export function createLineWriter(writeText: (text: string) => void): LineWriter {
  let queued = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (queued === '') return;
    const text = queued;
    queued = '';
    writeText(text);
  };
  return {
    write(line) {
      queued += `${line}\n`;
      if (queued.length >= MAX_QUEUED) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush).unref();
      }
    },
    flush,
  };
}

/** Writes all of `text`, waiting out a full non-blocking pipe (EAGAIN) for a while; a closed reader ends it. */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  let blockedSince: number | undefined;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
      blockedSince = undefined;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EAGAIN')) return;
      blockedSince ??= Date.now();
      if (Date.now() - blockedSince > MAX_BLOCKED_MS) return;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
