import { spawn, type ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { startLocalRedis } from '../src/infra/local-redis';
import { freePort } from '../test/support/own-redis';

/** A process the bench measures (the floor or the service), answering on `url`. */
export interface Server {
  url: string;
  child: ChildProcess;
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

export async function countKeys(redis: Redis, pattern: string): Promise<number> {
  let n = 0;
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) n += (keys as string[]).length;
  return n;
}

/** `cwd`: a checkout other than this one (bench/compare-builds.ts); `startupSeconds`: longer under valgrind. */
export async function startServer(command: string[], env: Record<string, string>, { cwd, startupSeconds = 30 }: { cwd?: string; startupSeconds?: number } = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(command[0] as string, command.slice(1), { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const where = cwd ? ` (in ${cwd})` : '';
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')}${where} exited with ${child.exitCode}`);
    if (i > startupSeconds * 10) {
      child.kill();
      throw new Error(`${command.join(' ')}${where} did not answer on ${url}`);
    }
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child };
}

/** A service and the Redis server it alone uses (bench/compare-builds.ts, bench/count-instructions.ts). */
export interface OwnRedisServer extends Server {
  redis: ChildProcess;
}

/**
 * `node dist/src/main.js` of the built checkout `cwd` (`wrapper` runs it, e.g. valgrind), as
 * the web role on a Redis of its own, told that drop reports arrive (as `npm run bench` does).
 */
export async function startBuiltService(cwd: string, env: Record<string, string> = {}, { wrapper = [], startupSeconds = 30 }: { wrapper?: string[]; startupSeconds?: number } = {}): Promise<OwnRedisServer> {
  const redisPort = await freePort();
  const redis = await startLocalRedis(redisPort);
  try {
    const server = await startServer([...wrapper, 'node', 'dist/src/main.js'], { REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROLE: 'web', LOG_LEVEL: 'warn', ...env }, { cwd, startupSeconds });
    // Builds older than the drop reports have no events route: they write resume pointers regardless.
    await reportDrops(server).catch(() => undefined);
    return { ...server, redis };
  } catch (err) {
    redis.kill();
    throw err;
  }
}

/** Stops the service, then its Redis. */
export async function stopBuiltService(service: OwnRedisServer): Promise<void> {
  await stop(service);
  service.redis.kill();
}

/**
 * One end-of-session notification, as Africa's Talking sends when its events URL is set (as in
 * production): from then on the service leaves resume pointers to the drops those reports
 * announce, instead of writing one beside every session (docs/sessions.md).
 */
export async function reportDrops(server: Server): Promise<void> {
  const body = new URLSearchParams({ sessionId: 'bench-drop-report', serviceCode: '*384#', phoneNumber: '+254700000000', status: 'Success', date: '2026-12-05 10:00:00' });
  const res = await fetch(`${server.url}/ussd/africastalking/events`, { method: 'POST', body });
  if (!res.ok) throw new Error(`the end-of-session notification got ${res.status}`);
}

export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/** A Prometheus histogram of the server's `/metrics`, summed over its label sets: cumulative count by upper bound (s). */
export async function scrapeHistogram(server: Server, name: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const m of text.matchAll(new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\d+)$`, 'gm'))) {
    const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  return buckets;
}

/** Between two scrapes: the bucket bound under which a share `q` of the observations fell, and the share above `overSeconds`. */
export function histogramBetween(before: Map<number, number>, after: Map<number, number>, q: number, overSeconds: number): { bound: number; over: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const count = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = count(Infinity);
  const bound = bounds.find((le) => count(le) >= q * total) ?? Infinity;
  return { bound, over: total === 0 ? 0 : 1 - count(overSeconds) / total };
}
