import { mkdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startLocalRedis } from '../src/infra/local-redis';
import { parseArgs } from './args';
import { freePort } from '../test/support/own-redis';
import { bareCallCpu, FETCH, FORWARD, startPeerStub, STATIC, twoHopOpenLoop, twoHopScenario, type TwoHop, type TwoHopScenario } from './two-hop';
import { QuizLoad } from './load-generator';
import { cpuMicros, machineTicks, sampleSteal, stealShare } from './proc-cpu';
import { toMarkdown, type BenchResult, type OpenLoop, type RoundResult } from './report';
import { countKeys, histogramBetween, reportDrops, scrapeHistogram, startServer, stop, usedMemory, type Server } from './servers';
import { median, Recorder } from './stats';

/*
 * npm run bench [-- --seconds 10 --warmup 3 --initial-warmup 20 --rounds 3 --connections 16 --rate 2000
 *                   --sessions 20000 --capacity 100000 --open-seconds 10 --fetch 1 --forward 1 --tsx 1]
 * Measures the floor (bench/floor-server.ts) and the service (ROLE=web) alternately in one run, on a
 * Redis of its own, and writes bench/out/bench-<time>.{json,md}. With `--fetch 1` or
 * `--forward 1`, that scenario instead (bench/two-hop.ts). Every Node process here (generator,
 * floor, stub) runs without allocation-site pretenuring, as the service does (src/infra/gc-tuning.ts).
 */
const args = parseArgs(process.argv.slice(2)).options;
const SECONDS = args.seconds ?? 10;
const WARMUP = args.warmup ?? 3;
/** Before the first round, each target is warmed this long: V8 keeps optimising the service's code for ~30 s. */
const INITIAL_WARMUP = args['initial-warmup'] ?? 20;
const ROUNDS = args.rounds ?? 3;
const CONNECTIONS = args.connections ?? 16;
const RATE = args.rate ?? 2000;
const OPEN_SECONDS = args['open-seconds'] ?? 10;
const SESSIONS = args.sessions ?? 20_000;
const CAPACITY = args.capacity ?? 100_000;
/** `--quick 1`: only the closed-loop rounds (for trying a change). */
const QUICK = args.quick === 1;
/** `--fetch 1` / `--forward 1`: that scenario only (bench/two-hop.ts): what a fetch / a forwarded hop costs over a static one. */
const PEER = args.fetch === 1 ? FETCH : args.forward === 1 ? FORWARD : undefined;
/** `--tsx 1`: run the service as `npm start` does (TypeScript through tsx) instead of the built code. */
const SERVICE_COMMAND = args.tsx === 1 ? ['node', '--import', 'tsx', 'src/main.ts'] : ['node', 'dist/src/main.js'];

/** Each second's p99 beside its steal: a second the hypervisor took CPU from shows in both. */
const perSecond = (recorders: Recorder[], steal: number[]) => recorders.map((r, i) => ({ p99: r.summary(1).p99, steal: steal[i] ?? 0 }));

const LEGACY_SECONDS = 'ussd_legacy_request_duration_seconds';

/** A share as a whole percentage. */
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

async function main(): Promise<void> {
  const redisPort = await freePort();
  const redisChild = await startLocalRedis(redisPort);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const redis = new Redis(redisUrl);
  const servers: Server[] = [];
  try {
    if (PEER) return await peerBench(redisUrl, redis, servers, PEER);
    const floor = await startServer(['node', '--no-allocation-site-pretenuring', 'dist/bench/floor-server.js'], { REDIS_URL: redisUrl });
    const service = await startServer(SERVICE_COMMAND, { REDIS_URL: redisUrl, ROLE: 'web', LOG_LEVEL: 'warn' });
    servers.push(floor, service);
    await reportDrops(service);

    for (const target of [floor, service]) {
      const load = new QuizLoad(target.url, CONNECTIONS, false);
      await load.closedLoop(CONNECTIONS, INITIAL_WARMUP, new Recorder());
      await load.close();
    }
    const rounds: RoundResult[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const f = await measure('floor', floor, false);
      const s = await measure('service', service, true);
      rounds.push({ round: r, floor: f, service: s });
      log(`round ${r}: floor ${f.rps.toFixed(0)} req/s p99 ${(f.p99 / 1000).toFixed(2)} ms ${f.cpuPerRequest.toFixed(0)} µs | service ${s.rps.toFixed(0)} req/s p99 ${(s.p99 / 1000).toFixed(2)} ms ${s.cpuPerRequest.toFixed(0)} µs | steal ${pct(f.steal)}, ${pct(s.steal)}`);
    }

    if (QUICK) {
      log(`ratio req/s ${median(rounds.map((r) => r.service.rps / r.floor.rps)).toFixed(2)}, service CPU ${median(rounds.map((r) => r.service.cpuPerRequest)).toFixed(0)} µs/req, floor ${median(rounds.map((r) => r.floor.cpuPerRequest)).toFixed(0)} µs/req`);
      return;
    }
    const openService = await openLoop(service, true);
    const openFloor = await openLoop(floor, false);
    log(`open loop ${RATE} req/s: service p99 ${(openService.p99 / 1000).toFixed(2)} ms (steal ${pct(openService.steal)}), floor p99 ${(openFloor.p99 / 1000).toFixed(2)} ms (steal ${pct(openFloor.steal)})`);

    const bytes = await bytesPerSession(service, redis, 3);
    const deepBytes = await bytesPerSession(service, redis, 5);
    log(`bytes per live session: ${bytes.perSession.toFixed(0)} on Q1, ${deepBytes.perSession.toFixed(0)} five hops deep (${bytes.sessions} sessions)`);

    await stop(service);
    const roomy = await startServer(SERVICE_COMMAND, { REDIS_URL: redisUrl, ROLE: 'web', LOG_LEVEL: 'warn', SESSION_TTL_SECONDS: '3600' });
    servers.push(roomy);
    const capacity = await holdSessions(roomy, redis);
    log(`capacity: ${capacity.live} live sessions, ${capacity.errors} errors`);

    const result: BenchResult = {
      when: new Date().toISOString(),
      runtime: SERVICE_COMMAND.join(' '),
      settings: { seconds: SECONDS, warmup: WARMUP, initialWarmup: INITIAL_WARMUP, rounds: ROUNDS, connections: CONNECTIONS, rate: RATE, openSeconds: OPEN_SECONDS, sessions: SESSIONS, capacity: CAPACITY },
      rounds,
      ratios: {
        rps: median(rounds.map((r) => r.service.rps / r.floor.rps)),
        p99: median(rounds.map((r) => r.service.p99 / r.floor.p99)),
      },
      open: { service: openService, floor: openFloor },
      bytes,
      deepBytes,
      capacity,
    };
    mkdirSync('bench/out', { recursive: true });
    const stamp = result.when.replace(/[:.]/g, '-');
    writeFileSync(`bench/out/bench-${stamp}.json`, JSON.stringify(result, null, 2));
    writeFileSync(`bench/out/bench-${stamp}.md`, toMarkdown(result));
    process.stdout.write(`\n${toMarkdown(result)}\nwritten to bench/out/bench-${stamp}.{json,md}\n`);
  } finally {
    for (const s of servers) await stop(s);
    redis.disconnect();
    redisChild.kill();
  }
}

/**
 * `--fetch 1` / `--forward 1`: rounds of static sessions and of sessions that call the peer stub
 * (a fetch screen / forwarding to a legacy app), the bare call's CPU, Redis bytes per live session
 * after the call and, for forwarding, an open loop of forwarded hops.
 */
async function peerBench(redisUrl: string, redis: Redis, servers: Server[], calling: TwoHop): Promise<void> {
  const stub = await startPeerStub();
  try {
    const service = await startServer(SERVICE_COMMAND, {
      REDIS_URL: redisUrl, ROLE: 'web', LOG_LEVEL: 'warn', MENUS_DIR: 'bench/menus', SOURCE_BENCH_URL: stub.url, LEGACY_AFRICASTALKING_URL: `${stub.url}/ussd`,
    });
    servers.push(service);
    await reportDrops(service);
    const pid = service.child.pid as number;
    for (const hop of [STATIC, calling]) await twoHopScenario(service.url, pid, hop, CONNECTIONS, INITIAL_WARMUP / 2, 0);
    const rounds: { static: TwoHopScenario; calling: TwoHopScenario }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const still = await twoHopScenario(service.url, pid, STATIC, CONNECTIONS, SECONDS, WARMUP);
      const other = await twoHopScenario(service.url, pid, calling, CONNECTIONS, SECONDS, WARMUP);
      rounds.push({ static: still, calling: other });
      log(`round ${r}: static ${still.rps.toFixed(0)} req/s p99 ${(still.p99 / 1000).toFixed(2)} ms ${still.cpuPerSession.toFixed(0)} µs/session | ${calling.name} ${other.rps.toFixed(0)} req/s p99 ${(other.p99 / 1000).toFixed(2)} ms ${other.cpuPerSession.toFixed(0)} µs/session`);
    }
    const bareCall = await bareCallCpu(stub.url, calling, CONNECTIONS, 20_000);
    let open: OpenLoop | undefined;
    /** The stub's own answer time under the open loop, as the service timed its calls (the bar is 10 ms plus this). */
    let stubTime: { bound: number; over: number } | undefined;
    if (calling === FORWARD && !QUICK) {
      await twoHopOpenLoop(service.url, FORWARD, RATE, 2);
      const bySecond = Array.from({ length: OPEN_SECONDS }, () => new Recorder());
      const sampler = sampleSteal();
      const calls = await scrapeHistogram(service, LEGACY_SECONDS);
      const rec = await twoHopOpenLoop(service.url, FORWARD, RATE, OPEN_SECONDS, bySecond);
      const steal = sampler.stop();
      stubTime = histogramBetween(calls, await scrapeHistogram(service, LEGACY_SECONDS), 0.99, 0.01);
      open = { ...rec.summary(OPEN_SECONDS), steal: steal.total, bySecond: perSecond(bySecond, steal.bySecond), errors: Object.fromEntries(rec.errors) };
    }
    await redis.flushall();
    await reportDrops(service);
    const before = await usedMemory(redis);
    const opened = await twoHopScenario(service.url, pid, calling, CONNECTIONS, 3, 0);
    const sessions = await countKeys(redis, 'ussd:s:*');
    const bytes = ((await usedMemory(redis)) - before) / sessions;
    const m = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
    // Per hop that calls the stub: what it costs over the same hop served from the file.
    const extra = m((r) => r.calling.cpuPerSession - r.static.cpuPerSession) / calling.calls;
    const what = calling === FORWARD ? 'dial + hop forwarded to the legacy stub' : 'dial + fetch (2 fields kept)';
    const lines = [
      `| scenario | req/s | p99 ms | service CPU µs/session (2 hops) |`,
      `|---|---|---|---|`,
      `| dial + screen served here, fields from the file | ${m((r) => r.static.rps).toFixed(0)} | ${(m((r) => r.static.p99) / 1000).toFixed(2)} | ${m((r) => r.static.cpuPerSession).toFixed(0)} |`,
      `| ${what} | ${m((r) => r.calling.rps).toFixed(0)} | ${(m((r) => r.calling.p99) / 1000).toFixed(2)} | ${m((r) => r.calling.cpuPerSession).toFixed(0)} |`,
      '',
      `${calling.name}: +${extra.toFixed(0)} µs CPU per ${calling.name} hop over the same hop served from the file; the bare call (the same undici request to the stub) costs ${bareCall.toFixed(0)} µs; beyond the call: ${(extra - bareCall).toFixed(0)} µs.`,
      ...(open ? [`open loop of forwarded hops at ${RATE} req/s for ${OPEN_SECONDS} s: p50 ${(open.p50 / 1000).toFixed(2)} ms, p99 ${(open.p99 / 1000).toFixed(2)} ms, max ${(open.max / 1000).toFixed(2)} ms, errors ${JSON.stringify(open.errors)}, steal ${pct(open.steal)} (the stub answers at once); by second (p99 ms, steal): ${open.bySecond.map((x) => `${(x.p99 / 1000).toFixed(2)} (${pct(x.steal)})`).join(', ')}.`] : []),
      ...(stubTime ? [`The stub's own answer time in that loop, as the service timed its calls: p99 ≤ ${stubTime.bound * 1000} ms (histogram bucket), ${pct(stubTime.over)} of calls over 10 ms.`] : []),
      `Redis bytes per live session after the ${calling.name}: ${bytes.toFixed(0)} (${sessions} sessions; errors ${JSON.stringify({ ...rounds.at(-1)?.calling.errors, ...opened.errors })}).`,
    ];
    const when = new Date().toISOString();
    mkdirSync('bench/out', { recursive: true });
    const stamp = when.replace(/[:.]/g, '-');
    writeFileSync(`bench/out/bench-${calling.name}-${stamp}.json`, JSON.stringify({ when, runtime: SERVICE_COMMAND.join(' '), rounds, bareCall, bytes, extra, open }, null, 2));
    process.stdout.write(`\n${lines.join('\n')}\n\nwritten to bench/out/bench-${calling.name}-${stamp}.json\n`);
  } finally {
    stub.child.kill();
  }
}

/** Warm up, then measure a closed loop; CPU comes from the server process's own /proc counters. */
async function measure(name: string, server: Server, strict: boolean) {
  const load = new QuizLoad(server.url, CONNECTIONS, strict);
  await load.closedLoop(CONNECTIONS, WARMUP, new Recorder());
  const rec = new Recorder();
  const cpu0 = cpuMicros(server.child.pid as number);
  const ticks = machineTicks();
  await load.closedLoop(CONNECTIONS, SECONDS, rec);
  const cpu1 = cpuMicros(server.child.pid as number);
  const steal = stealShare(ticks);
  await load.close();
  const summary = rec.summary(SECONDS);
  return { name, ...summary, cpuPerRequest: (cpu1 - cpu0) / summary.requests, steal, errors: Object.fromEntries(rec.errors) };
}

async function openLoop(server: Server, strict: boolean) {
  const load = new QuizLoad(server.url, 64, strict);
  await load.openLoop(RATE, 2, new Recorder());
  const rec = new Recorder();
  const bySecond = Array.from({ length: OPEN_SECONDS }, () => new Recorder());
  const sampler = sampleSteal();
  await load.openLoop(RATE, OPEN_SECONDS, rec, bySecond);
  const steal = sampler.stop();
  await load.close();
  return { ...rec.summary(OPEN_SECONDS), steal: steal.total, bySecond: perSecond(bySecond, steal.bySecond), errors: Object.fromEntries(rec.errors) };
}

/** Opens SESSIONS sessions `hops` hops in (3: on Q1; 5: on Q3) and divides Redis's memory growth by the session keys. */
async function bytesPerSession(server: Server, redis: Redis, hops: number) {
  await redis.flushall();
  await reportDrops(server);
  const before = await usedMemory(redis);
  const load = new QuizLoad(server.url, CONNECTIONS, true);
  const rec = await load.open(SESSIONS, hops, CONNECTIONS);
  await load.close();
  const after = await usedMemory(redis);
  const sessions = await countKeys(redis, 'ussd:s:*');
  const keys = await redis.dbsize();
  return { sessions, keys, perSession: (after - before) / sessions, errors: Object.fromEntries(rec.errors) };
}

/** Opens CAPACITY sessions, then checks they are all still there and still answer correctly. */
async function holdSessions(server: Server, redis: Redis) {
  await redis.flushall();
  await reportDrops(server);
  const load = new QuizLoad(server.url, CONNECTIONS, true);
  const rec = await load.open(CAPACITY, 2, CONNECTIONS);
  const live = await countKeys(redis, 'ussd:s:*');
  const memory = await usedMemory(redis);
  await load.close();
  const errors = [...rec.errors.values()].reduce((a, b) => a + b, 0);
  return { requested: CAPACITY, live, errors, errorKinds: Object.fromEntries(rec.errors), usedMemoryBytes: memory };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
