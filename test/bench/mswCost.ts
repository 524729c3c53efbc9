import { performance } from 'node:perf_hooks';
import path from 'node:path';

import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

import { listSpecFiles } from '../../src/cli/listSpecFiles.ts';
import { createMockEngine } from '../../src/engine/createMockEngine.ts';
import { createMockHandlers } from '../../src/msw/node.ts';
import { BENCH_BODY, BENCH_HEADERS, BENCH_PATH } from './benchRequest.ts';
import type { BenchConfig } from './config.ts';
import type { Log } from './measure.ts';

/** Microseconds per request of one in-process loop: wall-clock time, and this process's CPU time. */
export interface LoopCost {
  requests: number;
  wallUs: number;
  cpuUs: number;
}

/** Issue 10's figure: what one answer costs through MSW, and through the engine alone. */
export interface MswCost {
  /** `createMockHandlers` (mockgram/msw) under MSW's `setupServer`, driven by `fetch`. */
  msw: LoopCost | null;
  /** MSW's own share: the same fetches answered by a one-line MSW handler with a fixed JSON body. */
  mswFixed: LoopCost | null;
  /** `engine.handle` (what every door calls: the engine's stages, journal and coverage), no HTTP, no MSW. */
  engine: LoopCost | null;
  problems: string[];
}

/** Requests sent first and not timed, so compilation and the JIT's warm-up are not counted. */
const WARMUP_REQUESTS = 300;
/** The engine alone is two orders of magnitude faster than a fetch through MSW: it gets this many times the requests. */
const ENGINE_FACTOR = 10;

/**
 * Times `config.mswRequests` sequential copies of the bench's valid Sensay POST in this process, with the specs and
 * scenarios `npm start` serves (./specs, ./scenarios): `fetch` through MSW answering with a fixed body (what MSW
 * itself costs), `fetch` through mockgram's MSW handlers (at Sensay's server URL, as a test suite calls it), then
 * straight into the engine. Every answer must be a 200; a different one stops that loop and is reported.
 */
export async function measureMswCost(config: BenchConfig, log: Log): Promise<MswCost> {
  const specFiles = listSpecFiles(path.join(config.repoRoot, 'specs'));
  const scenarioDir = path.join(config.repoRoot, 'scenarios');
  const cost: MswCost = { msw: null, mswFixed: null, engine: null, problems: [] };
  const url = `https://api.sensay.io${BENCH_PATH}`;
  const init: RequestInit = { method: 'POST', headers: { ...BENCH_HEADERS }, body: BENCH_BODY };
  const fetchOnce = async (): Promise<string | null> => {
    const response = await fetch(url, init);
    const text = await response.text();
    return response.status === 200 ? null : `MSW answered ${response.status}: ${text.slice(0, 300)}`;
  };

  log(`msw: ${config.mswRequests} fetches answered by a fixed-body MSW handler (after ${WARMUP_REQUESTS})`);
  try {
    const server = setupServer(http.post(url, () => HttpResponse.json({ id: 'fixed', success: true })));
    server.listen({ onUnhandledFrame: 'error' });
    try {
      cost.mswFixed = await timeLoop(config.mswRequests, fetchOnce);
    } finally {
      server.close();
    }
  } catch (error) {
    cost.problems.push(`msw (fixed body): ${error instanceof Error ? error.message : String(error)}`);
  }

  log(`msw: ${config.mswRequests} fetches through mockgram's MSW handlers (after ${WARMUP_REQUESTS})`);
  try {
    const mock = await createMockHandlers({ specs: specFiles, scenarios: [scenarioDir] });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledFrame: 'error' });
    try {
      cost.msw = await timeLoop(config.mswRequests, fetchOnce);
    } finally {
      server.close();
    }
  } catch (error) {
    cost.problems.push(`msw: ${error instanceof Error ? error.message : String(error)}`);
  }

  const engineRequests = config.mswRequests * ENGINE_FACTOR;
  log(`msw: ${engineRequests} requests straight into the engine (engine.handle)`);
  try {
    const engine = await createMockEngine(specFiles, { scenarioFiles: listSpecFiles(scenarioDir) });
    const bytes = new TextEncoder().encode(BENCH_BODY);
    const headers = { ...BENCH_HEADERS, 'content-length': String(bytes.length) };
    cost.engine = await timeLoop(engineRequests, async () => {
      const result = await engine.handle({ method: 'POST', url: BENCH_PATH, headers }, () =>
        Promise.resolve({ kind: 'ok', bytes }),
      );
      return result.status === 200
        ? null
        : `the engine answered ${result.status}: ${(result.body ?? '').slice(0, 300)}`;
    });
  } catch (error) {
    cost.problems.push(`engine: ${error instanceof Error ? error.message : String(error)}`);
  }
  return cost;
}

/** Runs `once` after a warm-up, `requests` times in a row; it returns null for a good answer, else what was wrong. */
async function timeLoop(requests: number, once: () => Promise<string | null>): Promise<LoopCost> {
  for (let index = 0; index < WARMUP_REQUESTS; index += 1) await check(once);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < requests; index += 1) await check(once);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { requests, wallUs: (wallMs * 1000) / requests, cpuUs: (cpu.user + cpu.system) / requests };
}

async function check(once: () => Promise<string | null>): Promise<void> {
  const problem = await once();
  if (problem !== null) throw new Error(problem);
}
