import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';
import { spawnService, type RunningService } from '../support/spawn-service';

let redis: OwnRedis;
let service: RunningService | undefined;
beforeAll(async () => (redis = await ownRedis()));
afterAll(async () => {
  if (service?.child.exitCode === null) await service.stop('SIGKILL');
  await redis.stop();
});

const logged = (s: RunningService, msg: string) =>
  s.lines.flatMap((l) => {
    const line = JSON.parse(l) as { msg: string; client?: string };
    return line.msg === msg ? [line.client ?? '?'] : [];
  });

describe('a Redis outage in the logs', () => {
  it('when Redis goes away for a while and comes back, then each connection says once that it was lost and once that it is back, through pino, and nothing reaches stderr', async () => {
    service = await spawnService({ REDIS_URL: redis.url, QUEUE_PREFIX: `{${uniqueId('q')}}` }, [process.execPath, '--import', 'tsx', 'src/main.ts']);
    const s = service;
    const clients = ['web', 'producer', 'worker', 'outbox-relay'];
    await redis.stop();
    await eventually(() => clients.every((c) => logged(s, 'redis connection lost').includes(c)), 'every connection to report the outage', 20_000);
    // Let every client fail to reconnect a few times (their retry delays are at most 5 s).
    await new Promise((r) => setTimeout(r, 6000));
    await redis.restart();
    await eventually(() => clients.every((c) => logged(s, 'redis connection back').includes(c)), 'every connection to report it is back', 20_000);

    const count = (msg: string) => Object.fromEntries(clients.map((c) => [c, logged(s, msg).filter((x) => x === c).length]));
    expect({ lost: count('redis connection lost'), back: count('redis connection back'), stderr: s.stderr() }).toEqual({
      lost: { web: 1, producer: 1, worker: 1, 'outbox-relay': 1 },
      back: { web: 1, producer: 1, worker: 1, 'outbox-relay': 1 },
      stderr: '',
    });
    expect(s.lines.filter((l) => /redis error|queue error|queue worker error/.test(l))).toEqual([]);
  }, 60_000);
});

describe("Redis's eviction policy in the logs", () => {
  let evicting: OwnRedis;
  let spawned: RunningService | undefined;
  afterAll(async () => {
    if (spawned?.child.exitCode === null) await spawned.stop('SIGKILL');
    await evicting.stop();
  });

  it('when Redis may evict any key, then the service says once, as an error, that charges could be lost, and BullMQ\'s own notices come through pino too, nothing on stderr', async () => {
    evicting = await ownRedis(['--maxmemory-policy', 'allkeys-lru']);
    spawned = await spawnService({ REDIS_URL: evicting.url, QUEUE_PREFIX: `{${uniqueId('q')}}` }, [process.execPath, '--import', 'tsx', 'src/main.ts']);
    const s = spawned;
    const lines = () => s.lines.map((l) => JSON.parse(l) as { level: number; msg: string; maxmemoryPolicy?: string; from?: string });
    await eventually(() => lines().some((l) => l.from === 'console'), "BullMQ's notice", 20_000);
    await s.stop('SIGTERM');

    expect(lines().filter((l) => l.maxmemoryPolicy)).toEqual([expect.objectContaining({ level: 50, maxmemoryPolicy: 'allkeys-lru' })]);
    expect(lines().filter((l) => l.from === 'console').every((l) => l.level === 40 && l.msg.includes('allkeys-lru'))).toBe(true);
    expect(s.stderr()).toBe('');
  }, 60_000);
});
