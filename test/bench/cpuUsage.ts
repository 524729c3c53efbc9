import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { processTree } from './peakRss.ts';

/** Average cores busy during a measured window, split by who used them. */
export interface CpuShare {
  /** The server under test (its whole process tree). */
  server: number;
  /** This bench process, i.e. the autocannon load generator. */
  loadGenerator: number;
  /** Everything else on the machine; high values mean noisy figures. */
  other: number;
}

/** Linux reports process and machine CPU time in USER_HZ ticks, 100 per second. */
const TICKS_PER_SECOND = 100;

interface Snapshot {
  at: number;
  machineBusy: number;
  self: number;
  server: number;
}

/**
 * Reads /proc/stat and /proc/<pid>/stat at the start and end of a window.
 * Linux only: elsewhere `stop()` returns null.
 */
export class CpuWatch {
  private readonly serverPid: number;
  private readonly first: Snapshot | null;

  constructor(serverPid: number) {
    this.serverPid = serverPid;
    this.first = snapshot(serverPid);
  }

  stop(): CpuShare | null {
    const last = snapshot(this.serverPid);
    if (this.first === null || last === null) return null;
    const seconds = (last.at - this.first.at) / 1000;
    if (seconds <= 0) return null;
    const cores = (ticks: number): number => ticks / TICKS_PER_SECOND / seconds;
    const server = cores(last.server - this.first.server);
    const loadGenerator = cores(last.self - this.first.self);
    const machine = cores(last.machineBusy - this.first.machineBusy);
    return { server, loadGenerator, other: Math.max(0, machine - server - loadGenerator) };
  }
}

function snapshot(serverPid: number): Snapshot | null {
  const machineBusy = machineBusyTicks();
  const self = processTicks(process.pid);
  if (machineBusy === null || self === null) return null;
  let server = 0;
  for (const pid of processTree(serverPid)) server += processTicks(pid) ?? 0;
  return { at: performance.now(), machineBusy, self, server };
}

/** Busy ticks over all CPUs: everything in the `cpu` line except idle and iowait. */
function machineBusyTicks(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const line = stat.split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** utime + stime of a process (all its threads). */
function processTicks(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the parenthesised command name start at field 3 (state);
  // utime and stime are fields 14 and 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : null;
}
