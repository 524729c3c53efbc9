import { readdirSync, readFileSync } from 'node:fs';

export interface PeakRss {
  /** Sum over the process tree of each process's peak resident set (VmHWM). */
  bytes: number;
  /** How many processes contributed (1 unless the server forks). */
  processes: number;
}

/**
 * Tracks the kernel's peak-RSS figure (VmHWM in /proc/<pid>/status) for a
 * server and any processes it forks. The tree is re-read every interval so a
 * child that exits early still counts; the final figure should come from a
 * `sample()` taken just before the server is stopped. Linux only: elsewhere
 * `result()` is null.
 */
export class PeakRssSampler {
  private readonly rootPid: number;
  private readonly peaksKb = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(rootPid: number) {
    this.rootPid = rootPid;
  }

  start(intervalMs = 100): void {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    for (const pid of processTree(this.rootPid)) {
      const kb = readStatusKb(pid, 'VmHWM');
      if (kb === null) continue;
      // VmHWM never decreases within one address space, so the latest reading
      // is the peak. Not taking the max over readings matters: a sample taken
      // between fork and exec would report the parent's memory.
      this.peaksKb.set(pid, kb);
    }
  }

  result(): PeakRss | null {
    if (this.peaksKb.size === 0) return null;
    let totalKb = 0;
    for (const kb of this.peaksKb.values()) totalKb += kb;
    return { bytes: totalKb * 1024, processes: this.peaksKb.size };
  }
}

function readStatusKb(pid: number, field: string): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The pid itself plus all its descendants that are alive right now. */
export function processTree(rootPid: number): number[] {
  const seen: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop();
    if (pid === undefined || seen.includes(pid)) continue;
    seen.push(pid);
    pending.push(...childrenOf(pid));
  }
  return seen;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    let list: string;
    try {
      list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const token of list.split(/\s+/)) {
      if (token !== '') children.push(Number(token));
    }
  }
  return children;
}
