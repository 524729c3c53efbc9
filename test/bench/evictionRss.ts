import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { BENCH_HOST } from './benchRequest.ts';
import type { BenchConfig } from './config.ts';
import { CpuWatch } from './cpuUsage.ts';
import { findFreePort } from './freePort.ts';
import { runLoad, type LoadResult } from './load.ts';
import { emptyOutcome, judgeLoad, type Log, type ServerOutcome } from './measure.ts';
import { PeakRssSampler, processTree } from './peakRss.ts';
import { displayCommand } from './peers.ts';
import { ServerProcess } from './serverProcess.ts';
import { waitForFirst200 } from './startup.ts';
import { createOnlyRequests, SessionCycle, TOOLZZ_CREATE_REQUEST } from './statefulFlow.ts';

/** RSS of the server after a number of creates. */
export interface RssSample {
  creates: number;
  rssBytes: number;
}

/** What the eviction run found besides the server's usual figures. */
export interface EvictionFigures {
  samples: RssSample[];
  /** Creates after which the store is full (sessions × objects per session); later samples are the flat part. */
  fullAfter: number;
  /** The samples the spread is taken over. */
  judged: number;
  meanRssBytes: number | null;
  /** Largest distance of a judged sample from their mean, in % of the mean. */
  spreadPercent: number | null;
  limits: { maxSessions: number; maxObjects: number } | null;
  /** Objects `GET /__mock/state?session=bench-0` shows at the end: the per-session limit when eviction works. */
  objectsInFirstSession: number | null;
}

const SAMPLES = 8;
/** Idle time before each RSS reading, so that the last batch's garbage has a chance to be collected. */
const SETTLE_MS = 1000;

/**
 * Issue 9's memory check: `npm start`'s configuration with its default store limits, sent `config.evictionCreates`
 * ToolzzAI creates spread over as many sessions as the store keeps, in turn (so every session fills up, then evicts
 * its least recently used objects). The store is filled first (sessions × objects-per-session creates), then
 * `config.evictionCreates` more, every one of them evicting, are sent with the server's RSS read after every eighth;
 * the spread of those eight samples around their mean is the figure.
 */
export async function measureEvictionRss(
  config: BenchConfig,
  log: Log,
): Promise<{ outcome: ServerOutcome; figures: EvictionFigures }> {
  const outcome = emptyOutcome('mockgram-eviction');
  const figures: EvictionFigures = {
    samples: [],
    fullAfter: 0,
    judged: 0,
    meanRssBytes: null,
    spreadPercent: null,
    limits: null,
    objectsInFirstSession: null,
  };
  const port = await findFreePort();
  const command = {
    file: process.execPath,
    args: ['dist/cli/main.js', 'mock', '--port', String(port), '--host', BENCH_HOST],
  };
  outcome.port = port;
  outcome.command = displayCommand(command, config.repoRoot);
  log(`mockgram-eviction: starting: ${outcome.command}`);
  let server: ServerProcess;
  try {
    server = await ServerProcess.start({
      name: 'mockgram-eviction',
      cwd: config.repoRoot,
      stdoutThroughPipe: true,
      ...command,
    });
  } catch (error) {
    return { outcome: failed(outcome, error, null), figures };
  }
  const peak = new PeakRssSampler(server.pid);
  peak.start();
  try {
    const startup = await waitForFirst200(server, port, TOOLZZ_CREATE_REQUEST);
    outcome.startupMs = startup.ms;
    outcome.firstBody = startup.body;
    const limits = await readLimits(port);
    figures.limits = limits;
    figures.fullAfter = limits.maxSessions * limits.maxObjects;
    const sessions = new SessionCycle(limits.maxSessions);
    const batch = Math.max(1, Math.round(config.evictionCreates / SAMPLES));
    log(
      `mockgram-eviction: ${figures.fullAfter} creates to fill the store, then ${batch * SAMPLES} more over ` +
        `${limits.maxSessions} sessions, RSS read after every ${batch}`,
    );
    const cpuWatch = new CpuWatch(server.pid);
    const loads: LoadResult[] = [];
    // Fill the store first: every create measured after this one evicts an object.
    loads.push(
      await runLoad({
        port,
        request: TOOLZZ_CREATE_REQUEST,
        durationS: 3600,
        connections: config.connections,
        requests: createOnlyRequests(sessions),
        amount: figures.fullAfter,
      }),
    );
    await sleep(SETTLE_MS);
    const filledRss = currentRss(server.pid);
    if (filledRss !== null) figures.samples.push({ creates: figures.fullAfter, rssBytes: filledRss });
    for (let index = 1; index <= SAMPLES; index += 1) {
      loads.push(
        await runLoad({
          port,
          request: TOOLZZ_CREATE_REQUEST,
          durationS: 3600,
          connections: config.connections,
          requests: createOnlyRequests(sessions),
          amount: batch,
        }),
      );
      if (server.exitInfo !== null) throw new Error('mockgram-eviction exited during the creates');
      await sleep(SETTLE_MS);
      const rssBytes = currentRss(server.pid);
      if (rssBytes === null) throw new Error('could not read the server RSS from /proc');
      const creates = figures.fullAfter + batch * index;
      figures.samples.push({ creates, rssBytes });
      log(`mockgram-eviction: ${creates} creates: RSS ${(rssBytes / 1024 / 1024).toFixed(1)} MiB`);
    }
    outcome.cpu = cpuWatch.stop();
    outcome.load = combine(loads);
    figures.objectsInFirstSession = await countObjects(port, 'bench-0');
    Object.assign(figures, spread(figures.samples, figures.fullAfter));
    outcome.status = 'measured';
    outcome.problems.push(...judgeLoad('mockgram-eviction', outcome));
    if (figures.objectsInFirstSession > limits.maxObjects) {
      outcome.problems.push({
        severity: 'fatal',
        message: `session bench-0 holds ${figures.objectsInFirstSession} objects, more than the limit of ${limits.maxObjects}`,
      });
    }
  } catch (error) {
    failed(outcome, error, server);
  } finally {
    peak.sample();
    peak.stop();
    const result = peak.result();
    outcome.peakRssBytes = result?.bytes ?? null;
    outcome.rssProcesses = result?.processes ?? null;
    await server.stop();
  }
  return { outcome, figures };
}

function failed(outcome: ServerOutcome, error: unknown, server: ServerProcess | null): ServerOutcome {
  const message = error instanceof Error ? error.message : String(error);
  outcome.status = 'failed';
  outcome.reason = message;
  outcome.problems.push({ severity: 'fatal', message: `mockgram-eviction failed: ${message}` });
  outcome.output = server?.outputExcerpt() ?? null;
  return outcome;
}

/** Mean and spread over the samples taken once the store is full (the later half when it never fills). */
function spread(
  samples: readonly RssSample[],
  fullAfter: number,
): Pick<EvictionFigures, 'judged' | 'meanRssBytes' | 'spreadPercent'> {
  const full = samples.filter((sample) => sample.creates > fullAfter);
  const judged = full.length >= 2 ? full : samples.slice(Math.floor(samples.length / 2));
  if (judged.length === 0) return { judged: 0, meanRssBytes: null, spreadPercent: null };
  const mean = judged.reduce((sum, sample) => sum + sample.rssBytes, 0) / judged.length;
  const widest = Math.max(...judged.map((sample) => Math.abs(sample.rssBytes - mean)));
  return { judged: judged.length, meanRssBytes: mean, spreadPercent: (widest / mean) * 100 };
}

/**
 * The batches as one load result: counts summed, req/s over the whole time under load, latencies those of the last
 * batch (the store full and evicting).
 */
function combine(loads: readonly LoadResult[]): LoadResult {
  const last = loads[loads.length - 1];
  if (last === undefined) throw new Error('no batch was run');
  const sum = (pick: (load: LoadResult) => number): number =>
    loads.reduce((total, load) => total + pick(load), 0);
  const statusCodes: Record<string, number> = {};
  for (const load of loads) {
    for (const [code, count] of Object.entries(load.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
    }
  }
  const durationS = sum((load) => load.durationS);
  const responses = sum((load) => load.responses);
  return {
    ...last,
    reqPerSec: durationS > 0 ? responses / durationS : 0,
    responses,
    non2xx: sum((load) => load.non2xx),
    errors: sum((load) => load.errors),
    timeouts: sum((load) => load.timeouts),
    statusCodes,
    durationS,
  };
}

/** Resident set now (VmRSS), summed over the server's process tree. */
function currentRss(pid: number): number | null {
  let totalKb = 0;
  let seen = false;
  for (const member of processTree(pid)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${member}/status`, 'utf8');
    } catch {
      continue;
    }
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (match?.[1] === undefined) continue;
    totalKb += Number(match[1]);
    seen = true;
  }
  return seen ? totalKb * 1024 : null;
}

async function adminState(port: number, session: string): Promise<Record<string, unknown>> {
  const response = await fetch(
    `http://${BENCH_HOST}:${port}/__mock/state?session=${encodeURIComponent(session)}`,
  );
  const body: unknown = await response.json();
  if (!response.ok || !isRecord(body)) {
    throw new Error(`GET /__mock/state answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  }
  return body;
}

async function readLimits(port: number): Promise<{ maxSessions: number; maxObjects: number }> {
  const limits = (await adminState(port, 'bench-0'))['limits'];
  const maxSessions = isRecord(limits) ? limits['maxSessions'] : undefined;
  const maxObjects = isRecord(limits) ? limits['maxObjects'] : undefined;
  if (typeof maxSessions !== 'number' || typeof maxObjects !== 'number') {
    throw new Error(`GET /__mock/state shows no store limits: ${JSON.stringify(limits)}`);
  }
  return { maxSessions, maxObjects };
}

async function countObjects(port: number, session: string): Promise<number> {
  const resources = (await adminState(port, session))['resources'];
  if (!Array.isArray(resources)) throw new Error('GET /__mock/state shows no resources');
  let count = 0;
  for (const resource of resources) {
    const objects = isRecord(resource) ? resource['objects'] : undefined;
    if (Array.isArray(objects)) count += objects.length;
  }
  return count;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
