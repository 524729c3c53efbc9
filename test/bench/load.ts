import autocannon from 'autocannon';

import { BENCH_HOST, type BenchRequest } from './benchRequest.ts';

export interface LoadResult {
  /** Average of autocannon's per-second request counts. */
  reqPerSec: number;
  /**
   * Latency percentiles over every response, computed here from autocannon's
   * per-response timings: its own histogram keeps whole milliseconds only,
   * which reads 0 for a fast local server.
   */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  /** Responses received. */
  responses: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationS: number;
}

export interface LoadOptions {
  port: number;
  request: BenchRequest;
  durationS: number;
  connections: number;
  /** A sequence of requests each connection sends in turn instead of `request` (e.g. create, then read). */
  requests?: autocannon.Request[] | undefined;
  /** Stop after this many responses instead of after `durationS`. */
  amount?: number | undefined;
}

/** Drives the bench request at the server with autocannon (pipelining 1). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies = new LatencyRecorder();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${BENCH_HOST}:${options.port}${options.request.path}`,
        method: options.request.method as autocannon.Request['method'],
        headers: { ...options.request.headers },
        body: options.request.body,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationS,
        timeout: 10,
        ...(options.requests !== undefined && { requests: options.requests }),
        ...(options.amount !== undefined && { amount: options.amount }),
      },
      (error: unknown, done: autocannon.Result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
        } else {
          resolve(done);
        }
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      latencies.record(responseTimeMs);
    });
  });

  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stats.count ?? 0;
  }
  const sorted = latencies.sorted();
  return {
    reqPerSec: result.requests.average,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP99Ms: percentile(sorted, 0.99),
    latencyMeanMs: mean(sorted),
    latencyMaxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
    responses: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    durationS: result.duration,
  };
}

/** Append-only store of response times (ms), growing by doubling. */
class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count] = ms;
    this.count += 1;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.count).sort();
  }
}

/** Nearest-rank percentile of an ascending array; 0 when empty. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function mean(values: Float64Array): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
