/**
 * `npm run bench`: starts bare node:http, mockgram and prism one after the
 * other, measures start-up, throughput, latency and peak RSS for the same
 * valid Sensay request, prints a table with the target ratios, and optionally
 * writes the figures as JSON (BENCH_JSON). See config.ts for the settings.
 * Then the stateful figures (issue 9: a create + read flow under load, RSS
 * over many creates with eviction) and MSW's per-request cost (issue 10).
 *
 * Exit code: 0 when every available server started and answered 2xx, even if
 * a target is missed; 1 when a server failed to start or answered non-2xx.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ConfigError, readConfig } from './config.ts';
import { measureEvictionRss } from './evictionRss.ts';
import { measurePeer, type ServerOutcome } from './measure.ts';
import { measureMswCost } from './mswCost.ts';
import { definePeers } from './peers.ts';
import { formatProxyLatency, measureProxyLatency, proxyLatencyWanted } from './proxyLatency.ts';
import { buildReport, computeRatios, formatReport } from './report.ts';
import { stateAndMswRatios } from './stateAndMswRatios.ts';

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function main(): Promise<number> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 1;
    }
    throw error;
  }

  log(
    `servers: ${config.peers.join(', ')}; spec ${config.specPath}; ` +
      `${config.durationS} s load after ${config.warmupS} s warm-up, ${config.connections} connections`,
  );
  const outcomes: ServerOutcome[] = [];
  for (const peer of definePeers(config)) {
    outcomes.push(await measurePeer(peer, config, log));
  }

  const eviction = config.peers.includes('mockgram-eviction') ? await measureEvictionRss(config, log) : null;
  if (eviction !== null) outcomes.push(eviction.outcome);
  const msw = config.peers.includes('msw') ? await measureMswCost(config, log) : null;
  const figures = { eviction: eviction?.figures ?? null, msw };
  const ratios = computeRatios(outcomes, stateAndMswRatios(figures.eviction, figures.msw));
  const proxyLatency = proxyLatencyWanted(process.env) ? await measureProxyLatency(config, log) : null;
  const report = buildReport(config, outcomes, ratios, figures, proxyLatency);
  process.stdout.write(`${formatReport(report)}\n`);
  if (proxyLatency) process.stdout.write(`${formatProxyLatency(proxyLatency)}\n`);

  if (config.jsonPath !== null) {
    const target = path.resolve(config.jsonPath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);
    log(`JSON written to ${target}`);
  }
  return report.exitCode;
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
