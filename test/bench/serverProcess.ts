import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** How a server process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Peer name, used in messages and for the log file. */
  name: string;
  file: string;
  args: readonly string[];
  cwd: string;
  /**
   * Send stdout through a pipe that another process (`cat`, appending to the log file) drains, as a terminal or a
   * CI runner's log collector does, instead of straight into the file.
   */
  stdoutThroughPipe?: boolean;
}

/** Bytes of server output shown from the end of the log (a quarter of it from the start). */
const EXCERPT_BYTES = 64 * 1024;
const READY_POLL_MS = 10;

/** Every server that may still be running; swept by the exit handlers below. */
const live = new Set<ServerProcess>();
let logDir: string | null = null;

/**
 * A peer server run as a child process in its own process group, so that
 * stopping it also stops anything it forked. Its stdout and stderr go to a
 * temporary file rather than a pipe: prism logs several lines per request,
 * and draining that through this process would steal CPU from the load
 * generator running here. The file is deleted when the server is stopped.
 */
export class ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** performance.now() just before spawn(). */
  readonly spawnedAt: number;
  readonly exited: Promise<ExitInfo>;
  private readonly logPath: string;
  private exitInfoValue: ExitInfo | null = null;
  private readonly pollers = new Set<NodeJS.Timeout>();

  private constructor(child: ChildProcess, pid: number, spawnedAt: number, logPath: string, name: string) {
    this.name = name;
    this.pid = pid;
    this.spawnedAt = spawnedAt;
    this.logPath = logPath;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfoValue = { code, signal };
        live.delete(this);
        resolve(this.exitInfoValue);
      });
    });
  }

  /** Spawns the server; throws if the OS could not start it. */
  static async start(options: StartOptions): Promise<ServerProcess> {
    installExitHandlers();
    logDir ??= mkdtempSync(path.join(tmpdir(), 'mockgram-bench-'));
    const logPath = path.join(logDir, `${options.name}.log`);
    const fd = openSync(logPath, 'w');
    let child: ChildProcess;
    let spawnedAt: number;
    try {
      const reader =
        options.stdoutThroughPipe === true ? spawn('cat', [], { stdio: ['pipe', fd, 'ignore'] }) : undefined;
      spawnedAt = performance.now();
      child = spawn(options.file, options.args, {
        cwd: options.cwd,
        detached: true,
        stdio: ['ignore', reader?.stdin ?? fd, fd],
        env: process.env,
      });
      // The server holds its own end of the pipe; `cat` ends when the server does.
      reader?.stdin?.destroy();
    } finally {
      closeSync(fd);
    }
    const { pid } = child;
    if (pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(`${options.name}: could not spawn ${options.file}: ${error.message}`);
    }
    const server = new ServerProcess(child, pid, spawnedAt, logPath, options.name);
    live.add(server);
    return server;
  }

  /** Set once the process has ended. */
  get exitInfo(): ExitInfo | null {
    return this.exitInfoValue;
  }

  /**
   * What the process printed: all of it if short, otherwise its start and
   * its end, joined by a marker line.
   */
  outputExcerpt(): string {
    let fd: number;
    try {
      fd = openSync(this.logPath, 'r');
    } catch {
      return '';
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= EXCERPT_BYTES + EXCERPT_BYTES / 4) return readRange(fd, 0, size);
      const head = readRange(fd, 0, EXCERPT_BYTES / 4);
      const tail = readRange(fd, size - EXCERPT_BYTES, EXCERPT_BYTES);
      return `${head.slice(0, head.lastIndexOf('\n') + 1)}[… output skipped …]\n${tail.slice(tail.indexOf('\n') + 1)}`;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Resolves with the time (ms since spawn, to within ~10 ms) at which `text`
   * appeared in the output; never resolves if it does not appear before the
   * server stops.
   */
  whenPrinted(text: string): Promise<number> {
    return new Promise((resolve) => {
      let offset = 0;
      let carry = '';
      const poll = (): void => {
        let fd: number;
        try {
          fd = openSync(this.logPath, 'r');
        } catch {
          return;
        }
        try {
          const size = fstatSync(fd).size;
          if (size <= offset) return;
          const fresh = carry + readRange(fd, offset, size - offset);
          offset = size;
          if (fresh.includes(text)) {
            clearInterval(timer);
            this.pollers.delete(timer);
            resolve(performance.now() - this.spawnedAt);
          } else {
            carry = fresh.slice(-text.length);
          }
        } finally {
          closeSync(fd);
        }
      };
      const timer = setInterval(poll, READY_POLL_MS);
      timer.unref();
      this.pollers.add(timer);
      poll();
    });
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs` if still alive. */
  async stop(graceMs = 3000): Promise<ExitInfo> {
    if (this.exitInfoValue === null) {
      signalGroup(this.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => {
          resolve('timeout');
        }, graceMs);
      });
      const first = await Promise.race([this.exited, timedOut]);
      clearTimeout(timer);
      if (first === 'timeout') signalGroup(this.pid, 'SIGKILL');
    }
    const info = await this.exited;
    // Sweep anything the server forked that outlived it.
    signalGroup(this.pid, 'SIGKILL');
    for (const timer of this.pollers) clearInterval(timer);
    this.pollers.clear();
    rmSync(this.logPath, { force: true });
    return info;
  }

  /** Synchronous last-resort kill, for exit handlers. */
  killNow(): void {
    signalGroup(this.pid, 'SIGKILL');
  }
}

export function describeExit(info: ExitInfo): string {
  return info.signal === null ? `exit code ${String(info.code)}` : `signal ${info.signal}`;
}

function readRange(fd: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.toString('utf8', 0, read);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

let handlersInstalled = false;

function cleanUpNow(): void {
  for (const server of live) server.killNow();
  live.clear();
  if (logDir !== null) rmSync(logDir, { recursive: true, force: true });
  logDir = null;
}

/** Makes sure no server outlives the bench, however the bench ends. */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanUpNow);
  const signals: [NodeJS.Signals, number][] = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ];
  for (const [signal, exitCode] of signals) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal} received, stopping servers\n`);
      cleanUpNow();
      process.exit(exitCode);
    });
  }
}
