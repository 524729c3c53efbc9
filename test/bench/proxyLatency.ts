/**
 * The proxy's added latency: the same seed requests sent straight to an upstream and through `mockgram proxy` in front
 * of it, one after the other in the same run, one connection at a time (latency, not throughput). The upstream is
 * mockgram's own mock (`node dist/cli/main.js mock`, quiet), the proxy runs as `npm start` would run it (the built
 * CLI, logging one line per request to a drained pipe). Skipped with BENCH_PROXY=0.
 */
import { BENCH_HOST, SENSAY_REQUEST, type BenchRequest } from './benchRequest.ts';
import type { BenchConfig } from './config.ts';
import { findFreePort } from './freePort.ts';
import { runLoad, type LoadResult } from './load.ts';
import { ServerProcess } from './serverProcess.ts';

const TOOLZZ_REQUEST: BenchRequest = {
  method: 'POST',
  path: '/api/v1/telegram/integration',
  headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token' },
  body: JSON.stringify({
    botId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    unitId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
    title: 'Bench',
    scope: 'both',
    botToken: '7701101112:AAFx1oPq2Rs3Tu4Vw5Xy6Za7Bc8De9Fg0Hi',
  }),
};

interface Side {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly responses: number;
  readonly non2xx: number;
}

export interface EndpointLatency {
  readonly endpoint: string;
  readonly direct: Side;
  readonly proxied: Side;
  readonly addedP50Ms: number;
  readonly addedP99Ms: number;
}

export interface ProxyLatency {
  readonly durationS: number;
  readonly connections: 1;
  readonly endpoints: readonly EndpointLatency[];
  /** Why it could not be measured. */
  readonly problem: string | null;
}

const ENDPOINTS: readonly (readonly [string, BenchRequest])[] = [
  ['sensay createReplicaTelegramIntegration', SENSAY_REQUEST],
  ['toolzz createTelegramIntegration', TOOLZZ_REQUEST],
];

export function proxyLatencyWanted(env: NodeJS.ProcessEnv): boolean {
  return env['BENCH_PROXY'] !== '0';
}

export async function measureProxyLatency(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<ProxyLatency> {
  const node = process.execPath;
  const upstreamPort = await findFreePort();
  const proxyPort = await findFreePort();
  const listen = (port: number): string[] => ['--port', String(port), '--host', BENCH_HOST];
  const upstreamUrl = `http://${BENCH_HOST}:${upstreamPort}`;
  const servers: ServerProcess[] = [];
  try {
    const upstream = await ServerProcess.start({
      name: 'proxy-upstream',
      cwd: config.repoRoot,
      file: node,
      args: ['dist/cli/main.js', 'mock', ...listen(upstreamPort), '--log-level', 'error'],
    });
    servers.push(upstream);
    const proxy = await ServerProcess.start({
      name: 'mockgram-proxy',
      cwd: config.repoRoot,
      file: node,
      args: [
        'dist/cli/main.js',
        'proxy',
        '--upstream',
        `sensay=${upstreamUrl}`,
        '--upstream',
        `toolzz=${upstreamUrl}/api`,
        ...listen(proxyPort),
      ],
      stdoutThroughPipe: true,
    });
    servers.push(proxy);
    await Promise.race([
      Promise.all([
        upstream.whenPrinted(`listening on ${upstreamUrl}`),
        proxy.whenPrinted(`listening on http://${BENCH_HOST}:${proxyPort}`),
      ]),
      new Promise((_resolve, reject) =>
        setTimeout(() => {
          reject(new Error('the proxy or its upstream did not start within 30 s'));
        }, 30_000).unref(),
      ),
    ]);
    const endpoints: EndpointLatency[] = [];
    for (const [endpoint, request] of ENDPOINTS) {
      const load = (port: number, durationS: number): Promise<LoadResult> =>
        runLoad({ port, request, durationS, connections: 1 });
      if (config.warmupS > 0) {
        await load(upstreamPort, config.warmupS);
        await load(proxyPort, config.warmupS);
      }
      log(
        `proxy: ${endpoint}: ${config.durationS} s direct, then ${config.durationS} s through the proxy, 1 connection`,
      );
      const direct = side(await load(upstreamPort, config.durationS));
      const proxied = side(await load(proxyPort, config.durationS));
      endpoints.push({
        endpoint,
        direct,
        proxied,
        addedP50Ms: proxied.p50Ms - direct.p50Ms,
        addedP99Ms: proxied.p99Ms - direct.p99Ms,
      });
    }
    const broken = endpoints.find(
      (e) => e.direct.non2xx > 0 || e.proxied.non2xx > 0 || e.proxied.responses === 0,
    );
    return {
      durationS: config.durationS,
      connections: 1,
      endpoints,
      problem: broken ? `${broken.endpoint}: answers other than 2xx (or none) during the load` : null,
    };
  } catch (error) {
    return {
      durationS: config.durationS,
      connections: 1,
      endpoints: [],
      problem: error instanceof Error ? error.message : String(error),
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}

function side(load: LoadResult): Side {
  return {
    p50Ms: load.latencyP50Ms,
    p99Ms: load.latencyP99Ms,
    responses: load.responses,
    non2xx: load.non2xx,
  };
}

/** The table printed after the peers' table. */
export function formatProxyLatency(result: ProxyLatency): string {
  const lines = [
    '',
    `Proxy added latency (same requests direct and through mockgram proxy, 1 connection, ${result.durationS} s each; target: < 1 ms at p50)`,
    '',
  ];
  if (result.problem !== null) lines.push(`  not measured in full: ${result.problem}`);
  const rows = [
    ['endpoint', 'direct p50', 'proxied p50', 'added p50', 'direct p99', 'proxied p99', 'added p99'],
    ...result.endpoints.map((e) => [
      e.endpoint,
      e.direct.p50Ms.toFixed(3),
      e.proxied.p50Ms.toFixed(3),
      `${e.addedP50Ms.toFixed(3)}${e.addedP50Ms < 1 ? '' : ' (over target)'}`,
      e.direct.p99Ms.toFixed(3),
      e.proxied.p99Ms.toFixed(3),
      e.addedP99Ms.toFixed(3),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows)
    lines.push(
      `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`,
    );
  lines.push('  (milliseconds)');
  return lines.join('\n');
}
