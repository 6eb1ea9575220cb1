import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * How busy the machine was with things that are NOT the bench during a run.
 * On a shared box (CI, a dev VM with colleagues' tests) latency figures mean
 * little without this: "p99 40 ms while other processes used 70% of the
 * CPUs" reads very differently from the same figure on an idle machine.
 * Linux only (/proc); elsewhere every reading is null.
 */

export interface CpuSnapshot {
  /** Busy jiffies of the whole machine (all CPUs). */
  machineBusy: number;
  /** All jiffies of the whole machine (all CPUs). */
  machineTotal: number;
  /** Busy jiffies of our own processes. */
  ours: number;
}

export function snapshotCpu(pids: readonly (number | undefined)[]): CpuSnapshot | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    // user nice system idle iowait irq softirq steal ...
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    let ours = 0;
    for (const pid of pids) if (pid !== undefined) ours += processJiffies(pid);
    return { machineBusy: total - idle, machineTotal: total, ours };
  } catch {
    return null;
  }
}

/** Share (0..1) of the machine's CPU capacity used by processes other than ours between two snapshots. */
export function foreignShare(a: CpuSnapshot | null, b: CpuSnapshot | null): number | null {
  if (a === null || b === null) return null;
  const total = b.machineTotal - a.machineTotal;
  if (total <= 0) return null;
  const foreign = b.machineBusy - a.machineBusy - (b.ours - a.ours);
  return Math.max(0, foreign / total);
}

/** utime + stime of a process, all threads, in jiffies (0 if it is gone). */
function processJiffies(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/**
 * Renices every thread of a process (Linux: nice is per thread; threads created
 * later inherit it from their creator). Returns how many threads were changed.
 */
export function reniceProcess(pid: number, niceness: number): number {
  let changed = 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    os.setPriority(pid, niceness);
    return 1;
  }
  for (const tid of tids) {
    try {
      os.setPriority(Number(tid), niceness);
      changed++;
    } catch {
      // the thread exited in between
    }
  }
  return changed;
}
