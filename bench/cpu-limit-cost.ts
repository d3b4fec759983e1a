import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from './args';
import { QuizLoad } from './load-generator';
import { startBuiltService, stopBuiltService } from './servers';
import { Recorder } from './stats';

/*
 * npx tsx bench/cpu-limit-cost.ts [--rate 4000 --seconds 10] (root, cgroup v1 `cpu` at /sys/fs/cgroup/cpu)
 * What a Kubernetes CPU limit does to the reply time: the built web role runs in a cgroup whose
 * CFS quota is 0.5, 1 and 2 CPUs per 100 ms period (and none), under an open loop of quiz
 * sessions; each row gives the p50/p99/max and how many periods the kernel throttled the process.
 * A throttled period stalls the event loop until the next one begins.
 */
const { options } = parseArgs(process.argv.slice(2));
const RATE = options.rate ?? 4000;
const SECONDS = options.seconds ?? 10;
const CGROUP = '/sys/fs/cgroup/cpu/ussd-bench';
const PERIOD_US = 100_000;

interface CpuStat {
  nr_periods: number;
  nr_throttled: number;
  /** ns */
  throttled_time: number;
}

function throttled(): CpuStat {
  const stat = new Map(readFileSync(`${CGROUP}/cpu.stat`, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string]));
  return { nr_periods: Number(stat.get('nr_periods')), nr_throttled: Number(stat.get('nr_throttled')), throttled_time: Number(stat.get('throttled_time')) };
}

async function main(): Promise<void> {
  mkdirSync(CGROUP, { recursive: true });
  const service = await startBuiltService('.');
  try {
    // Every thread of the process (main, GC helpers, libuv pool) is moved: the quota covers them all.
    writeFileSync(`${CGROUP}/cgroup.procs`, String(service.child.pid));
    for (const cpus of [0, 2, 1, 0.5]) {
      writeFileSync(`${CGROUP}/cpu.cfs_period_us`, String(PERIOD_US));
      writeFileSync(`${CGROUP}/cpu.cfs_quota_us`, cpus === 0 ? '-1' : String(Math.round(cpus * PERIOD_US)));
      const load = new QuizLoad(service.url, 64, false);
      await load.openLoop(RATE, 3, new Recorder());
      const before = throttled();
      const rec = new Recorder();
      await load.openLoop(RATE, SECONDS, rec);
      const after = throttled();
      await load.close();
      const s = rec.summary(SECONDS);
      const periods = after.nr_periods - before.nr_periods;
      const hit = after.nr_throttled - before.nr_throttled;
      console.log(
        `limit ${cpus === 0 ? 'none' : `${cpus} CPU`}: ${s.rps.toFixed(0)} req/s p50 ${(s.p50 / 1000).toFixed(2)} ms p99 ${(s.p99 / 1000).toFixed(2)} ms max ${(s.max / 1000).toFixed(1)} ms; throttled ${hit} of ${periods} periods (${((after.throttled_time - before.throttled_time) / 1e6).toFixed(0)} ms)`,
      );
    }
  } finally {
    await stopBuiltService(service);
    rmdirSync(CGROUP);
  }
}

void main();
