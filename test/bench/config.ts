import path from 'node:path';

export const PEER_NAMES = [
  'bare',
  'mockgram',
  'mockgram-silent',
  'mockgram-stateful',
  'mockgram-stateless',
  'prism',
  'mockgram-github',
  'mockgram-github-sensay',
  'mockgram-eviction',
  'msw',
] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface BenchConfig {
  /** Repository root; servers run with it as their working directory. */
  repoRoot: string;
  /** Spec given to mockgram and prism, relative to repoRoot or absolute. */
  specPath: string;
  durationS: number;
  warmupS: number;
  connections: number;
  jsonPath: string | null;
  peers: PeerName[];
  /** Creates sent to `mockgram-eviction`, the server whose RSS is read while its store evicts. */
  evictionCreates: number;
  /** Fetches timed in-process through MSW by `msw` (the engine alone gets ten times as many). */
  mswRequests: number;
}

export class ConfigError extends Error {}

/**
 * Settings come from the environment:
 *   BENCH_DURATION     seconds of measured load per server (default 10)
 *   BENCH_CONNECTIONS  concurrent autocannon connections (default 10)
 *   BENCH_WARMUP       seconds of unmeasured load first (default 2)
 *   BENCH_JSON         also write the results as JSON to this path
 *   BENCH_SPEC         spec for mockgram and prism (default specs/sensay.yaml)
 *   BENCH_PEERS        comma-separated subset of the peers (default all; see peers.ts), `mockgram-eviction`
 *                      (evictionRss.ts) and `msw` (mswCost.ts)
 *   BENCH_EVICTION_CREATES  creates sent to mockgram-eviction (default 200000)
 *   BENCH_MSW_REQUESTS      fetches timed in-process through MSW (default 2000; the engine alone gets 10×)
 */
export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const repoRoot = path.resolve(import.meta.dirname, '..', '..');
  return {
    repoRoot,
    specPath: nonEmpty(env['BENCH_SPEC']) ?? 'specs/sensay.yaml',
    durationS: positiveNumber(env, 'BENCH_DURATION', 10),
    warmupS: nonNegativeNumber(env, 'BENCH_WARMUP', 2),
    connections: positiveInteger(env, 'BENCH_CONNECTIONS', 10),
    jsonPath: nonEmpty(env['BENCH_JSON']),
    peers: peerList(env['BENCH_PEERS']),
    evictionCreates: positiveInteger(env, 'BENCH_EVICTION_CREATES', 200_000),
    mswRequests: positiveInteger(env, 'BENCH_MSW_REQUESTS', 2000),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function numberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigError(`${name} must be a number, got "${raw}"`);
  return value;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = numberSetting(env, name, fallback);
  if (value <= 0) throw new ConfigError(`${name} must be greater than 0, got ${value}`);
  return value;
}

function nonNegativeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = numberSetting(env, name, fallback);
  if (value < 0) throw new ConfigError(`${name} must not be negative, got ${value}`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = positiveNumber(env, name, fallback);
  if (!Number.isInteger(value)) throw new ConfigError(`${name} must be a whole number, got ${value}`);
  return value;
}

function peerList(raw: string | undefined): PeerName[] {
  const text = nonEmpty(raw);
  if (text === null) return [...PEER_NAMES];
  const peers: PeerName[] = [];
  for (const item of text.split(',')) {
    const name = item.trim();
    const known = PEER_NAMES.find((peer) => peer === name);
    if (known === undefined) {
      throw new ConfigError(`BENCH_PEERS: unknown server "${name}" (known: ${PEER_NAMES.join(', ')})`);
    }
    if (!peers.includes(known)) peers.push(known);
  }
  return PEER_NAMES.filter((peer) => peers.includes(peer));
}
