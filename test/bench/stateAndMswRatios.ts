import type { PeerName } from './config.ts';
import type { EvictionFigures } from './evictionRss.ts';
import type { ServerOutcome } from './measure.ts';
import type { MswCost } from './mswCost.ts';
import type { RatioSpec } from './report.ts';

const MIB = 1024 * 1024;

/** Server CPU time per answered request, in µs: cores busy during the measured load ÷ requests per second. */
export function cpuPerRequestUs(outcome: ServerOutcome): number | null {
  const cores = outcome.cpu?.server;
  const rate = outcome.load?.reqPerSec;
  if (cores === undefined || rate === undefined || rate === 0) return null;
  return (cores / rate) * 1e6;
}

function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

/**
 * The figures of issues 9 and 10: the stateful flow's per-request cost next to the stateless POST's, RSS under
 * eviction, and MSW's per-request cost next to the server's, all from the same run.
 */
export function stateAndMswRatios(eviction: EvictionFigures | null, msw: MswCost | null): RatioSpec[] {
  const cpu = (get: (name: PeerName) => ServerOutcome, name: PeerName): number | null =>
    cpuPerRequestUs(get(name));
  const samples =
    eviction === null
      ? ''
      : `RSS MiB after ${eviction.samples.map((s) => `${s.creates / 1000}k: ${(s.rssBytes / MIB).toFixed(0)}`).join(', ')}; ` +
        `store full after ${eviction.fullAfter / 1000}k; session bench-0 ends with ` +
        `${eviction.objectsInFirstSession ?? '?'} objects`;
  return [
    {
      label: 'npm start: server CPU per validated Sensay POST',
      unit: 'µs',
      target: null,
      pass: null,
      needs: ['mockgram'],
      compute: (get) => cpu(get, 'mockgram'),
    },
    {
      label: 'stateful flow (create + read): server CPU per request',
      unit: 'µs',
      target: null,
      pass: null,
      needs: ['mockgram-stateful'],
      compute: (get) => cpu(get, 'mockgram-stateful'),
    },
    {
      label: 'stateless ToolzzAI POST (npm start --stateless): server CPU per request',
      unit: 'µs',
      target: null,
      pass: null,
      needs: ['mockgram-stateless'],
      compute: (get) => cpu(get, 'mockgram-stateless'),
    },
    {
      label: 'stateful flow CPU per request ÷ the same POST stateless',
      unit: 'ratio',
      target: '≤ 1.25',
      pass: (value) => value <= 1.25,
      needs: ['mockgram-stateful', 'mockgram-stateless'],
      compute: (get) => ratioOf(cpu(get, 'mockgram-stateful'), cpu(get, 'mockgram-stateless')),
    },
    {
      label: 'stateful flow CPU per request ÷ the Sensay POST (npm start)',
      unit: 'ratio',
      target: null,
      pass: null,
      needs: ['mockgram-stateful', 'mockgram'],
      compute: (get) => ratioOf(cpu(get, 'mockgram-stateful'), cpu(get, 'mockgram')),
    },
    {
      label: `RSS over ${eviction === null ? '?' : `${(eviction.samples.at(-1)?.creates ?? 0) - eviction.fullAfter}`} creates, each evicting (store filled first): spread around the mean`,
      unit: '±%',
      target: '≤ ±10 %',
      pass: (value) => value <= 10,
      needs: ['mockgram-eviction'],
      compute: () => eviction?.spreadPercent ?? null,
      note: samples === '' ? null : samples,
    },
    {
      label: 'MSW (setupServer + fetch): time per Sensay POST, in-process',
      unit: 'µs',
      target: null,
      pass: null,
      needs: [],
      compute: () => msw?.msw?.wallUs ?? null,
      note: msw?.msw ? `CPU ${msw.msw.cpuUs.toFixed(0)} µs per request` : null,
    },
    {
      label: 'MSW with a fixed-body handler: time per fetch (MSW itself)',
      unit: 'µs',
      target: null,
      pass: null,
      needs: [],
      compute: () => msw?.mswFixed?.wallUs ?? null,
      note: msw?.mswFixed ? `CPU ${msw.mswFixed.cpuUs.toFixed(0)} µs per request` : null,
    },
    {
      label: 'engine alone (engine.handle): time per Sensay POST, in-process',
      unit: 'µs',
      target: null,
      pass: null,
      needs: [],
      compute: () => msw?.engine?.wallUs ?? null,
      note: msw?.engine ? `CPU ${msw.engine.cpuUs.toFixed(0)} µs per request` : null,
    },
    {
      label: 'MSW time per request ÷ npm start server CPU per request',
      unit: 'ratio',
      target: null,
      pass: null,
      needs: ['mockgram'],
      compute: (get) => ratioOf(msw?.msw?.wallUs, cpu(get, 'mockgram')),
    },
    {
      label: 'engine alone time per request ÷ npm start server CPU per request',
      unit: 'ratio',
      target: null,
      pass: null,
      needs: ['mockgram'],
      compute: (get) => ratioOf(msw?.engine?.wallUs, cpu(get, 'mockgram')),
    },
  ];
}
