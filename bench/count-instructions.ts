import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRedis } from '../src/infra/local-redis';
import { freePort } from '../test/support/own-redis';
import { parseArgs } from './args';
import { QuizLoad } from './load-generator';
import { QUIZ_HOPS } from './quiz-script';
import { reportDrops, startServer, stop, type Server } from './servers';

/*
 * npx tsx bench/count-instructions.ts [--warm 15000 --sessions 500 --users 4] <checkout> [<checkout> ...]
 * Machine instructions per request of each built checkout (`npm ci && npm run build` done in it),
 * counted by valgrind's callgrind: unlike CPU time, the count does not move with what else the VM
 * runs, so a change of ~1 % can be read from one run (bench/RESULTS.md). The service runs under
 * callgrind with its instrumentation off while `--warm` quiz sessions let V8 optimise (at about a
 * quarter of native speed), then on for `--sessions` sessions, `--users` at a time. Printed per
 * thread: the main thread (1) runs the hops; the others are V8's compiler and GC helpers.
 */
const { options, rest: dirs } = parseArgs(process.argv.slice(2));
const WARM = options.warm ?? 15_000;
const SESSIONS = options.sessions ?? 500;
const USERS = options.users ?? 4;

async function main(): Promise<void> {
  if (dirs.length === 0) throw new Error('usage: count-instructions.ts [--warm N --sessions N --users N] <checkout> [<checkout> ...]');
  const results: string[] = [];
  for (const dir of dirs) {
    const perThread = await count(dir);
    const total = perThread.reduce((a, b) => a + b, 0);
    results.push(`${dir}: ${fmt(total)} instructions per request (main thread ${fmt(perThread[0] ?? 0)}, others ${perThread.slice(1).map(fmt).join(' ')})`);
    console.log(results[results.length - 1]);
  }
  if (results.length > 1) console.log(`\n${results.join('\n')}`);
}

/** Instructions per request by thread, the main thread first. */
async function count(dir: string): Promise<number[]> {
  const out = mkdtempSync(join(tmpdir(), 'callgrind-'));
  const redisPort = await freePort();
  const redis = await startLocalRedis(redisPort);
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROLE: 'web', LOG_LEVEL: 'warn',
    // Under valgrind a hop is ~50 times slower: no deadline may cut one short while counting.
    RESPONSE_DEADLINE_MS: '20000', REDIS_COMMAND_TIMEOUT_MS: '10000', SHUTDOWN_TIMEOUT_MS: '60000',
  };
  const valgrind = ['valgrind', '-q', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${out}/cg.%p`];
  let server: Server | undefined;
  try {
    server = await startServer([...valgrind, 'node', 'dist/src/main.js'], env, { cwd: dir, startupSeconds: 120 });
    const pid = String(server.child.pid);
    const control = (...args: string[]) => execFileSync('callgrind_control', [...args, pid], { stdio: 'ignore' });
    await reportDrops(server).catch(() => undefined);
    const load = new QuizLoad(server.url, USERS, true);
    try {
      await play(load, WARM);
      control('--instr=on');
      // Code V8 made while uninstrumented is translated anew first: not part of the count.
      await play(load, 50);
      control('-z');
      await play(load, SESSIONS);
      control('-d', 'measured');
    } finally {
      await load.close();
    }
    return readdirSync(out)
      .filter((f) => /\.1-\d+$/.test(f))
      .sort()
      .map((f) => Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(out, f), 'utf8'))?.[1] ?? 0) / (SESSIONS * QUIZ_HOPS.length));
  } finally {
    if (server) await stop(server);
    redis.kill();
    rmSync(out, { recursive: true, force: true });
  }
}

/** `sessions` whole quiz sessions, `USERS` at a time; any wrong reply stops the count (it would not compare). */
async function play(load: QuizLoad, sessions: number): Promise<void> {
  let left = sessions;
  const user = async () => {
    while (left > 0) {
      left--;
      const session = load.newSession();
      for (let i = 0; i < QUIZ_HOPS.length; i++) {
        const err = await load.hop(session, i);
        if (err) throw new Error(`hop ${i + 1}: ${err}`);
      }
    }
  };
  await Promise.all(Array.from({ length: USERS }, user));
}

function fmt(n: number): string {
  return `${(n / 1000).toFixed(1)}k`;
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
