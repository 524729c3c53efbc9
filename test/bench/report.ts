import { availableParallelism } from 'node:os';

import { BENCH_BODY, BENCH_HEADERS, BENCH_METHOD, BENCH_PATH } from './benchRequest.ts';
import type { BenchConfig, PeerName } from './config.ts';
import type { EvictionFigures } from './evictionRss.ts';
import type { ServerOutcome } from './measure.ts';
import type { MswCost } from './mswCost.ts';
import type { ProxyLatency } from './proxyLatency.ts';

export type Verdict = 'met' | 'missed' | 'n/a' | 'invalid' | 'info';

export interface Ratio {
  label: string;
  value: number | null;
  unit: 'ratio' | 'ms' | 'MiB' | 'µs' | '±%';
  /** Human-readable target, or null when the figure is informational. */
  target: string | null;
  verdict: Verdict;
  note: string | null;
}

export interface BenchReport {
  generatedAt: string;
  node: string;
  platform: string;
  cpus: number;
  settings: {
    durationS: number;
    warmupS: number;
    connections: number;
    pipelining: 1;
    spec: string;
    request: { method: string; path: string; headers: Record<string, string>; body: string };
  };
  servers: ServerOutcome[];
  ratios: Ratio[];
  /** Issues 9 and 10: RSS samples under eviction, MSW's per-request cost (see stateAndMswRatios.ts). */
  stateAndMsw: StateAndMswFigures;
  /** The proxy's added latency (proxyLatency.ts); null when skipped (BENCH_PROXY=0). */
  proxyLatency: ProxyLatency | null;
  exitCode: 0 | 1;
}

export interface StateAndMswFigures {
  eviction: EvictionFigures | null;
  msw: MswCost | null;
}

const MIB = 1024 * 1024;

function usable(outcome: ServerOutcome | undefined): outcome is ServerOutcome {
  return outcome?.status === 'measured';
}

function isValid(outcome: ServerOutcome): boolean {
  return !outcome.problems.some((problem) => problem.severity === 'fatal');
}

export interface RatioSpec {
  label: string;
  unit: Ratio['unit'];
  target: string | null;
  pass: ((value: number) => boolean) | null;
  needs: PeerName[];
  compute: (byName: (name: PeerName) => ServerOutcome) => number | null;
  /** Shown next to a measured figure. */
  note?: string | null;
}

/** Requests per second of a peer; per-request cost is its inverse. */
const rps = (get: (name: PeerName) => ServerOutcome, name: PeerName): number | null | undefined =>
  get(name).load?.reqPerSec;

const RATIOS: RatioSpec[] = [
  {
    label: 'npm start (mockgram) req/s ÷ bare req/s',
    unit: 'ratio',
    target: '≥ 0.50',
    pass: (value) => value >= 0.5,
    needs: ['mockgram', 'bare'],
    compute: (get) => divide(rps(get, 'mockgram'), rps(get, 'bare')),
  },
  {
    label: 'npm start (mockgram) req/s ÷ prism req/s',
    unit: 'ratio',
    target: '≥ 10',
    pass: (value) => value >= 10,
    needs: ['mockgram', 'prism'],
    compute: (get) => divide(rps(get, 'mockgram'), rps(get, 'prism')),
  },
  {
    label: 'mockgram-silent req/s ÷ bare req/s',
    unit: 'ratio',
    target: null,
    pass: null,
    needs: ['mockgram-silent', 'bare'],
    compute: (get) => divide(rps(get, 'mockgram-silent'), rps(get, 'bare')),
  },
  {
    label: 'npm start req/s ÷ mockgram-silent req/s (what logging costs)',
    unit: 'ratio',
    target: null,
    pass: null,
    needs: ['mockgram', 'mockgram-silent'],
    compute: (get) => divide(rps(get, 'mockgram'), rps(get, 'mockgram-silent')),
  },
  {
    label: 'npm start (mockgram) start-up',
    unit: 'ms',
    target: '< 500 ms',
    pass: (value) => value < 500,
    needs: ['mockgram'],
    compute: (get) => get('mockgram').startupMs,
  },
  {
    label: 'GitHub: per-request cost ÷ seed spec (own request)',
    unit: 'ratio',
    target: '≤ 1.5',
    pass: (value) => value <= 1.5,
    needs: ['mockgram-github', 'mockgram-silent'],
    compute: (get) => divide(rps(get, 'mockgram-silent'), rps(get, 'mockgram-github')),
  },
  {
    label: 'GitHub + Sensay: per-request cost ÷ Sensay alone (same request)',
    unit: 'ratio',
    target: '≤ 1.5',
    pass: (value) => value <= 1.5,
    needs: ['mockgram-github-sensay', 'mockgram-silent'],
    compute: (get) => divide(rps(get, 'mockgram-silent'), rps(get, 'mockgram-github-sensay')),
  },
  {
    label: 'GitHub: ready (listening)',
    unit: 'ms',
    target: '< 3000 ms',
    pass: (value) => value < 3000,
    needs: ['mockgram-github'],
    compute: (get) => get('mockgram-github').readyLineMs,
  },
  {
    label: 'GitHub: first 2xx (its operation compiled)',
    unit: 'ms',
    target: null,
    pass: null,
    needs: ['mockgram-github'],
    compute: (get) => get('mockgram-github').startupMs,
  },
  {
    label: 'GitHub: peak RSS',
    unit: 'MiB',
    target: '< 300 MiB',
    pass: (value) => value < 300,
    needs: ['mockgram-github'],
    compute: (get) => {
      const bytes = get('mockgram-github').peakRssBytes;
      return bytes === null ? null : bytes / MIB;
    },
  },
  {
    label: 'mockgram RSS ÷ prism RSS',
    unit: 'ratio',
    target: null,
    pass: null,
    needs: ['mockgram', 'prism'],
    compute: (get) => divide(get('mockgram').peakRssBytes, get('prism').peakRssBytes),
  },
];

function divide(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

export function computeRatios(outcomes: ServerOutcome[], extra: readonly RatioSpec[] = []): Ratio[] {
  const byName = new Map(outcomes.map((outcome) => [outcome.server, outcome]));
  return [...RATIOS, ...extra].map((spec): Ratio => {
    const base = { label: spec.label, unit: spec.unit, target: spec.target };
    const missing = spec.needs.filter((name) => !usable(byName.get(name)));
    if (missing.length > 0) {
      return { ...base, value: null, verdict: 'n/a', note: `no measurement for ${missing.join(', ')}` };
    }
    const get = (name: PeerName): ServerOutcome => {
      const outcome = byName.get(name);
      if (outcome === undefined) throw new Error(`no outcome for ${name}`);
      return outcome;
    };
    const value = spec.compute(get);
    if (value === null) return { ...base, value, verdict: 'n/a', note: 'figure unavailable' };
    const invalid = spec.needs.filter((name) => !isValid(get(name)));
    if (invalid.length > 0) {
      return { ...base, value, verdict: 'invalid', note: `non-2xx answers from ${invalid.join(', ')}` };
    }
    const note = spec.note ?? null;
    if (spec.pass === null) return { ...base, value, verdict: 'info', note };
    return { ...base, value, verdict: spec.pass(value) ? 'met' : 'missed', note };
  });
}

export function buildReport(
  config: BenchConfig,
  servers: ServerOutcome[],
  ratios: Ratio[],
  stateAndMsw: StateAndMswFigures = { eviction: null, msw: null },
  proxyLatency: ProxyLatency | null = null,
): BenchReport {
  const failed =
    servers.some((outcome) => outcome.status === 'failed' || !isValid(outcome)) ||
    (stateAndMsw.msw?.problems.length ?? 0) > 0;
  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    settings: {
      durationS: config.durationS,
      warmupS: config.warmupS,
      connections: config.connections,
      pipelining: 1,
      spec: config.specPath,
      request: { method: BENCH_METHOD, path: BENCH_PATH, headers: { ...BENCH_HEADERS }, body: BENCH_BODY },
    },
    servers,
    ratios,
    stateAndMsw,
    proxyLatency,
    exitCode: failed ? 1 : 0,
  };
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

function table(rows: string[][], rightAligned: boolean[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const width = widths[column] ?? 0;
          return rightAligned[column] === true ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const { settings } = report;
  lines.push(
    '',
    `Results (Node ${report.node}, ${settings.durationS} s measured after ${settings.warmupS} s warm-up, ` +
      `${settings.connections} connections, pipelining 1)`,
    '',
  );

  const header = [
    'server',
    'start-up ms',
    'req/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MiB',
    'non-2xx',
    'errors',
    'CPU srv/gen/other',
  ];
  const rows: string[][] = [header];
  for (const outcome of report.servers) {
    if (outcome.status === 'skipped') {
      rows.push([outcome.server, 'skipped', '', '', '', '', '', '', '']);
      continue;
    }
    const { load } = outcome;
    const non2xx = load === null ? null : load.non2xx + (outcome.warmup?.non2xx ?? 0);
    const errors = load === null ? null : load.errors + (outcome.warmup?.errors ?? 0);
    const rssNote =
      outcome.rssProcesses !== null && outcome.rssProcesses > 1 ? ` (${outcome.rssProcesses} procs)` : '';
    rows.push([
      outcome.status === 'failed' ? `${outcome.server} (FAILED)` : outcome.server,
      fixed(outcome.startupMs, 0),
      fixed(load?.reqPerSec, 0),
      fixed(load?.latencyP50Ms, 2),
      fixed(load?.latencyP99Ms, 2),
      outcome.peakRssBytes === null ? '—' : `${(outcome.peakRssBytes / MIB).toFixed(1)}${rssNote}`,
      non2xx === null ? '—' : non2xx > 0 ? `${non2xx} !!` : '0',
      errors === null ? '—' : errors > 0 ? `${errors} !` : '0',
      outcome.cpu === null
        ? '—'
        : [outcome.cpu.server, outcome.cpu.loadGenerator, outcome.cpu.other]
            .map((cores) => cores.toFixed(2))
            .join('/'),
    ]);
  }
  lines.push(
    table(rows, [false, true, true, true, true, true, true, true, true]),
    `CPU: average cores busy during the measured run: server / load generator (this process) / ` +
      `other processes, out of ${report.cpus}.`,
    '',
  );

  const ratioRows: string[][] = [['figure', 'value', 'target', 'verdict']];
  for (const ratio of report.ratios) {
    const value =
      ratio.value === null
        ? '—'
        : ratio.unit === 'ms'
          ? `${ratio.value.toFixed(0)} ms`
          : ratio.unit === 'MiB'
            ? `${ratio.value.toFixed(0)} MiB`
            : ratio.unit === 'µs'
              ? `${ratio.value.toFixed(0)} µs`
              : ratio.unit === '±%'
                ? `±${ratio.value.toFixed(1)} %`
                : ratio.value.toFixed(2);
    const verdict = ratio.verdict === 'info' ? '' : ratio.verdict.toUpperCase();
    const note = ratio.note === null ? '' : ` (${ratio.note})`;
    ratioRows.push([ratio.label, value, ratio.target ?? '(none)', `${verdict}${note}`]);
  }
  lines.push(table(ratioRows, [false, true, false, false]), '');

  for (const outcome of report.servers) {
    if (outcome.status === 'skipped' && outcome.reason !== null) {
      lines.push(`note: ${outcome.server} skipped: ${outcome.reason}`);
    }
  }
  for (const outcome of report.servers) {
    for (const problem of outcome.problems) {
      lines.push(`${problem.severity === 'fatal' ? '!!! ERROR' : 'warning'}: ${problem.message}`);
    }
    if (outcome.output !== null && outcome.output.trim() !== '') {
      lines.push(`--- output of ${outcome.server} (abridged) ---`, abridge(outcome.output, 15), '---');
    }
  }
  for (const problem of report.stateAndMsw.msw?.problems ?? []) lines.push(`!!! ERROR: ${problem}`);
  return lines.join('\n');
}

/** The first and last `count` lines of a text. */
function abridge(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  if (lines.length <= 2 * count) return lines.join('\n');
  return [...lines.slice(0, count), `[… ${lines.length - 2 * count} lines …]`, ...lines.slice(-count)].join(
    '\n',
  );
}
