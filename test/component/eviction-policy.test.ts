import { Redis } from 'ioredis';
import { createLogger } from '../../src/infra/logger';
import { checkEvictionPolicy } from '../../src/infra/redis-eviction';
import { ownRedis } from '../support/own-redis';

/** What a replica logs at start-up about a Redis of these tests' own with the given policy. */
async function startUpLines(policy: string): Promise<{ level: number; msg: string; maxmemoryPolicy?: string }[]> {
  const server = await ownRedis(['--maxmemory-policy', policy]);
  const redis = new Redis(server.url);
  const lines: string[] = [];
  try {
    await checkEvictionPolicy(redis, createLogger('info', {}, { write: (line: string) => void lines.push(line) }));
  } finally {
    redis.disconnect();
    await server.stop();
  }
  return lines.map((l) => JSON.parse(l) as { level: number; msg: string; maxmemoryPolicy?: string });
}

describe("Redis's maxmemory-policy at start-up", () => {
  it('noeviction: nothing to say', async () => {
    expect(await startUpLines('noeviction')).toEqual([]);
  });

  it('volatile-lru: a warning that live sessions may be dropped', async () => {
    expect(await startUpLines('volatile-lru')).toEqual([expect.objectContaining({ level: 40, maxmemoryPolicy: 'volatile-lru', msg: expect.stringMatching(/drops live sessions.*set noeviction/) })]);
  });

  it('allkeys-lru: an error that charges and SMS may be lost', async () => {
    expect(await startUpLines('allkeys-lru')).toEqual([expect.objectContaining({ level: 50, maxmemoryPolicy: 'allkeys-lru', msg: expect.stringMatching(/charges and SMS are lost.*set noeviction/) })]);
  });
});
