import { parseArgs } from './args';
import { QuizLoad } from './load-generator';
import { cpuSplit } from './proc-cpu';
import { startBuiltService, stopBuiltService, type OwnRedisServer } from './servers';
import { median, Recorder } from './stats';

/*
 * npx tsx bench/compare-builds.ts [--rounds 8 --seconds 8 --connections 16] <checkout> <checkout> ...
 * Is this build slower than that one? Each checkout (a clone at some commit, `npm ci && npm run
 * build` done in it) runs its own `node dist/src/main.js` with its own menus and its own Redis;
 * quiz sessions (as in `npm run bench`) go to each in turn, the order reversed every other round,
 * and each round reads the server's CPU per request from /proc. On a shared VM single rounds
 * differ by ±10–40 %, so read the medians of many rounds, and differences under ~10 % only from
 * repeated runs. `<checkout>#<node flags>` runs that checkout with the flags in NODE_OPTIONS (the
 * same build twice, with and without a V8 flag: `. '.#--max-semi-space-size=64'`).
 */
interface Target {
  dir: string;
  server: OwnRedisServer;
  cpu: number[];
  /** The user-mode part alone: the process's own code, without the kernel's socket work. */
  user: number[];
  rps: number[];
  /** The closed loop's p99 latency, ms. */
  p99: number[];
}

const { options, rest: dirs } = parseArgs(process.argv.slice(2));
const ROUNDS = options.rounds ?? 8;
const SECONDS = options.seconds ?? 8;
const CONNECTIONS = options.connections ?? 16;

async function main(): Promise<void> {
  if (dirs.length < 2) throw new Error('usage: compare-builds.ts [--rounds N --seconds S --connections C] <checkout> <checkout> ...');
  const targets: Target[] = [];
  try {
    for (const dir of dirs) {
      const [cwd = dir, flags] = dir.split('#');
      targets.push({ dir, server: await startBuiltService(cwd, flags ? { NODE_OPTIONS: flags } : {}), cpu: [], user: [], rps: [], p99: [] });
    }
    for (const t of targets) await run(t, 15);
    for (let r = 1; r <= ROUNDS; r++) {
      for (const t of r % 2 ? targets : [...targets].reverse()) await measure(t);
      console.log(`round ${r}: ${targets.map((t) => `${t.dir} ${last(t.cpu).toFixed(0)} µs (user ${last(t.user).toFixed(0)}) ${last(t.rps).toFixed(0)} req/s p99 ${last(t.p99).toFixed(2)} ms`).join(' | ')}`);
    }
    for (const t of targets) {
      console.log(`${t.dir}: median ${median(t.cpu).toFixed(1)} µs/request (min ${Math.min(...t.cpu).toFixed(1)}), user mode ${median(t.user).toFixed(1)}, ${median(t.rps).toFixed(0)} req/s, p99 ${median(t.p99).toFixed(2)} ms`);
    }
  } finally {
    for (const t of targets) await stopBuiltService(t.server);
  }
}

/** Quiz sessions for `seconds`; what the recorder saw. */
async function run(t: Target, seconds: number, rec = new Recorder()): Promise<Recorder> {
  const load = new QuizLoad(t.server.url, CONNECTIONS, false);
  try {
    await load.closedLoop(CONNECTIONS, seconds, rec);
  } finally {
    await load.close();
  }
  return rec;
}

async function measure(t: Target): Promise<void> {
  await run(t, 2);
  const pid = t.server.child.pid as number;
  const before = cpuSplit(pid);
  const started = Date.now();
  const rec = await run(t, SECONDS);
  const summary = rec.summary((Date.now() - started) / 1000);
  const after = cpuSplit(pid);
  t.cpu.push((after.user + after.system - before.user - before.system) / summary.requests);
  t.user.push((after.user - before.user) / summary.requests);
  t.rps.push(summary.rps);
  t.p99.push(summary.p99 / 1000);
}

function last(xs: number[]): number {
  return xs[xs.length - 1] ?? NaN;
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
