import type { BenchConfig, PeerName } from './config.ts';
import { CpuWatch, type CpuShare } from './cpuUsage.ts';
import { findFreePort } from './freePort.ts';
import { runLoad, type LoadResult } from './load.ts';
import { PeakRssSampler } from './peakRss.ts';
import { displayCommand, type Peer } from './peers.ts';
import { describeExit, ServerProcess } from './serverProcess.ts';
import { BadAnswerError, waitForFirst200 } from './startup.ts';

export interface Problem {
  /** `fatal` problems make the bench exit 1; warnings are only printed. */
  severity: 'fatal' | 'warning';
  message: string;
}

export interface WarmupSummary {
  responses: number;
  non2xx: number;
  errors: number;
}

export interface ServerOutcome {
  server: PeerName;
  status: 'measured' | 'skipped' | 'failed';
  /** Why the server was skipped or failed. */
  reason: string | null;
  command: string | null;
  port: number | null;
  startupMs: number | null;
  /** When the promised "listening on" line appeared (mockgram only). */
  readyLineMs: number | null;
  /** First 200 body seen during start-up, truncated. */
  firstBody: string | null;
  warmup: WarmupSummary | null;
  load: LoadResult | null;
  peakRssBytes: number | null;
  rssProcesses: number | null;
  /** Average cores used during the measured load, by server, load generator and the rest. */
  cpu: CpuShare | null;
  problems: Problem[];
  /** Start and end of the server's output, kept when something went wrong. */
  output: string | null;
}

export type Log = (line: string) => void;

/** An outcome with nothing measured yet. */
export function emptyOutcome(server: PeerName): ServerOutcome {
  return {
    server,
    status: 'skipped',
    reason: null,
    command: null,
    port: null,
    startupMs: null,
    readyLineMs: null,
    firstBody: null,
    warmup: null,
    load: null,
    peakRssBytes: null,
    rssProcesses: null,
    cpu: null,
    problems: [],
    output: null,
  };
}

/**
 * Starts one server, measures start-up, throughput and peak RSS, and stops it
 * again whatever happens. Never throws for a misbehaving server: the failure
 * is described in the outcome.
 */
export async function measurePeer(peer: Peer, config: BenchConfig, log: Log): Promise<ServerOutcome> {
  const outcome = emptyOutcome(peer.name);
  const unavailable = peer.unavailable();
  if (unavailable !== null) {
    outcome.reason = unavailable;
    log(`${peer.name}: SKIPPED: ${unavailable}`);
    return outcome;
  }

  const port = await findFreePort();
  const command = peer.command(port);
  outcome.port = port;
  outcome.command = displayCommand(command, config.repoRoot);
  log(`${peer.name}: starting: ${outcome.command}`);

  let server: ServerProcess;
  try {
    server = await ServerProcess.start({
      name: peer.name,
      cwd: config.repoRoot,
      stdoutThroughPipe: peer.stdoutThroughPipe,
      ...command,
    });
  } catch (error) {
    return fail(outcome, error, null);
  }
  const rss = new PeakRssSampler(server.pid);
  rss.start();
  const readyText = peer.readyText?.(port) ?? null;
  if (readyText !== null) {
    void server.whenPrinted(readyText).then((ms) => {
      outcome.readyLineMs = ms;
    });
  }

  try {
    const startup = await waitForFirst200(server, port, peer.request);
    outcome.startupMs = startup.ms;
    outcome.firstBody = startup.body;
    log(`${peer.name}: first 200 after ${startup.ms.toFixed(0)} ms: ${startup.body}`);

    if (config.warmupS > 0) {
      log(`${peer.name}: warm-up ${config.warmupS} s`);
      const warmup = await runLoad({
        port,
        request: peer.request,
        durationS: config.warmupS,
        connections: config.connections,
        requests: peer.flow?.(),
      });
      outcome.warmup = { responses: warmup.responses, non2xx: warmup.non2xx, errors: warmup.errors };
    }
    log(`${peer.name}: load ${config.durationS} s, ${config.connections} connections`);
    const cpuWatch = new CpuWatch(server.pid);
    const load = await runLoad({
      port,
      request: peer.request,
      durationS: config.durationS,
      connections: config.connections,
      requests: peer.flow?.(),
    });
    outcome.cpu = cpuWatch.stop();
    outcome.load = load;

    const { exitInfo } = server;
    if (exitInfo !== null) {
      throw new Error(`${peer.name} exited during the load test (${describeExit(exitInfo)})`);
    }
    outcome.status = 'measured';
    outcome.problems.push(...judgeLoad(peer.name, outcome));
    if (outcome.readyLineMs !== null) {
      log(`${peer.name}: printed "${readyText ?? ''}" after ${outcome.readyLineMs.toFixed(0)} ms`);
    } else if (readyText !== null) {
      outcome.problems.push({
        severity: 'warning',
        message: `${peer.name} never printed "${readyText}"`,
      });
    }
    if (outcome.problems.some((problem) => problem.severity === 'fatal')) {
      outcome.output = server.outputExcerpt();
    }
  } catch (error) {
    fail(outcome, error, server);
  } finally {
    rss.sample(); // VmHWM just before the stop is the peak of the whole run
    rss.stop();
    const peak = rss.result();
    outcome.peakRssBytes = peak?.bytes ?? null;
    outcome.rssProcesses = peak?.processes ?? null;
    await server.stop();
  }
  return outcome;
}

function fail(outcome: ServerOutcome, error: unknown, server: ServerProcess | null): ServerOutcome {
  const message = error instanceof Error ? error.message : String(error);
  outcome.status = 'failed';
  outcome.reason = message;
  outcome.problems.push({
    severity: 'fatal',
    message: error instanceof BadAnswerError ? message : `${outcome.server} failed: ${message}`,
  });
  outcome.output = server?.outputExcerpt() ?? null;
  return outcome;
}

/** Cores used by unrelated processes above which a run is flagged as noisy. */
const OTHER_CPU_WARNING = 0.2;

/** Problems in a finished load: non-2xx answers (fatal), connection errors and a busy machine (warnings). */
export function judgeLoad(name: PeerName, outcome: ServerOutcome): Problem[] {
  const problems: Problem[] = [];
  const { load, warmup } = outcome;
  if (load === null) return problems;
  const non2xx = load.non2xx + (warmup?.non2xx ?? 0);
  if (non2xx > 0) {
    const codes = Object.entries(load.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${code}×${count}`)
      .join(', ');
    problems.push({
      severity: 'fatal',
      message: `${name} answered ${non2xx} valid requests with non-2xx (${codes || 'during warm-up'}); its throughput is meaningless`,
    });
  }
  const errors = load.errors + (warmup?.errors ?? 0);
  if (errors > 0) {
    problems.push({
      severity: 'warning',
      message: `${name} had ${errors} connection errors/timeouts under load (${load.timeouts} timeouts in the measured run)`,
    });
  }
  if (outcome.cpu !== null && outcome.cpu.other > OTHER_CPU_WARNING) {
    problems.push({
      severity: 'warning',
      message: `other processes kept ${outcome.cpu.other.toFixed(2)} cores busy during the ${name} run; its figures are noisy`,
    });
  }
  if (load.responses === 0) {
    problems.push({ severity: 'fatal', message: `${name} completed no requests under load` });
  }
  return problems;
}
