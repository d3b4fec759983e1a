import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './args';
import { QuizLoad } from './load-generator';
import { QUIZ_HOPS } from './quiz-script';
import { startBuiltService, stopBuiltService, type OwnRedisServer } from './servers';

/*
 * npx tsx bench/count-instructions.ts [--warm 15000 --sessions 500 --users 4] <checkout> [<checkout> ...]
 * Machine instructions per request of each built checkout (`npm ci && npm run build` done in it),
 * counted by valgrind's callgrind: unlike CPU time, the count does not move with what else the VM
 * runs (one build counts the same to ~0.5 %; a small code change can still move it a few per cent
 * through V8's optimisation choices: bench/RESULTS.md). The service runs under
 * callgrind with its instrumentation off while `--warm` quiz sessions let V8 optimise (at about a
 * quarter of native speed), then on for `--sessions` sessions, `--users` at a time. Printed per
 * thread: the main thread (1) runs the hops; the others are V8's compiler and GC helpers.
 *
 * Where they go: `--keep 1` leaves callgrind's files (the measured part is `cg.<pid>.1-01`) for
 * `callgrind_annotate`. Optimised JavaScript shows there as bare addresses; run with
 * `NODE_OPTIONS=--perf-basic-prof` and pipe the annotation through `bench/name-jit-code.ts
 * /tmp/perf-<pid>.map` to name them (an example: bench/results/2026-12-06-evening-and-night.md).
 */
const { options, rest: dirs } = parseArgs(process.argv.slice(2));
const WARM = options.warm ?? 15_000;
const SESSIONS = options.sessions ?? 500;
const USERS = options.users ?? 4;
const KEEP = options.keep === 1;

async function main(): Promise<void> {
  if (dirs.length === 0) throw new Error('usage: count-instructions.ts [--warm N --sessions N --users N] <checkout> [<checkout> ...]');
  const results: string[] = [];
  for (const dir of dirs) {
    const perThread = await count(dir);
    const total = perThread.reduce((a, b) => a + b, 0);
    const mainThread = perThread[0] ?? 0;
    // Usually 10–30k; in some runs V8 kept compiling or collecting, and the main thread counted 10–20 % more too.
    const unsettled = total - mainThread > mainThread / 10 ? ' [helper threads busy: not comparable, count again]' : '';
    results.push(`${dir}: ${fmt(total)} instructions per request (main thread ${fmt(mainThread)}, others ${perThread.slice(1).map(fmt).join(' ')})${unsettled}`);
    console.log(results[results.length - 1]);
  }
  if (results.length > 1) console.log(`\n${results.join('\n')}`);
}

/** Instructions per request by thread, the main thread first. */
async function count(dir: string): Promise<number[]> {
  const out = mkdtempSync(join(tmpdir(), 'callgrind-'));
  // Under valgrind a hop is ~50 times slower: no deadline may cut one short while counting.
  const env = { RESPONSE_DEADLINE_MS: '20000', REDIS_COMMAND_TIMEOUT_MS: '10000', SHUTDOWN_TIMEOUT_MS: '60000' };
  const wrapper = ['valgrind', '-q', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${out}/cg.%p`];
  let server: OwnRedisServer | undefined;
  try {
    server = await startBuiltService(dir, env, { wrapper, startupSeconds: 120 });
    const pid = String(server.child.pid);
    const control = (...args: string[]) => execFileSync('callgrind_control', [...args, pid], { stdio: 'ignore' });
    const load = new QuizLoad(server.url, USERS, true);
    try {
      await load.playSessions(USERS, WARM);
      control('--instr=on');
      // Code V8 made while uninstrumented is translated anew first: not part of the count.
      await load.playSessions(USERS, 50);
      control('-z');
      await load.playSessions(USERS, SESSIONS);
      control('-d', 'measured');
    } finally {
      await load.close();
    }
    return readdirSync(out)
      .filter((f) => /\.1-\d+$/.test(f))
      .sort()
      .map((f) => Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(out, f), 'utf8'))?.[1] ?? 0) / (SESSIONS * QUIZ_HOPS.length));
  } finally {
    if (server) await stopBuiltService(server);
    if (KEEP) console.log(`callgrind's files kept in ${out}`);
    else rmSync(out, { recursive: true, force: true });
  }
}

function fmt(n: number): string {
  return `${(n / 1000).toFixed(1)}k`;
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
