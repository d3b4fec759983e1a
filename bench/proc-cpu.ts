import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat. */
export function cpuMicros(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** The same, split: user (the process's own code: JavaScript, V8, GC) and system (the kernel's work for it: sockets). */
export function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime: fields 14 and 15 of stat.
  return { user: (Number(fields[11]) / TICKS_PER_SECOND) * 1e6, system: (Number(fields[12]) / TICKS_PER_SECOND) * 1e6 };
}

/** The machine's CPU counters so far (`/proc/stat`'s first line): all ticks, and those stolen by the hypervisor. */
export interface MachineTicks {
  total: number;
  steal: number;
}

export function machineTicks(): MachineTicks {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
}

/**
 * The share of the machine's CPU time the hypervisor gave to other guests between two readings.
 * On a shared VM this is what makes latency jump: a virtual CPU taken away for milliseconds stops
 * the service, the load generator and Redis alike (bench/results/2026-12-06.md, "Steal").
 */
export function stealShare(from: MachineTicks, to: MachineTicks = machineTicks()): number {
  const total = to.total - from.total;
  return total > 0 ? (to.steal - from.steal) / total : 0;
}

/** Samples steal once a second until stopped: the share over the whole time, and second by second. */
export function sampleSteal(): { stop(): { total: number; bySecond: number[] } } {
  const start = machineTicks();
  const bySecond: number[] = [];
  let last = start;
  const timer = setInterval(() => {
    const now = machineTicks();
    bySecond.push(stealShare(last, now));
    last = now;
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return { total: stealShare(start), bySecond };
    },
  };
}
