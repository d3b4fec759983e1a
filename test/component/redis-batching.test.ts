import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { connectRedis, createRedis } from '../../src/infra/redis';
import { testRedisUrl, uniqueId } from '../support/redis';

/** Counts what actually reaches the socket: one `_write` per lone chunk, one `_writev` per batch. */
function socketWrites(redis: Redis): { batches: number[]; restore(): void } {
  const stream = redis.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (chunks: unknown[], cb: unknown) => void };
  const { _write, _writev } = stream;
  const batches: number[] = [];
  stream._write = function (this: unknown, ...a: unknown[]) {
    batches.push(1);
    return _write.apply(this, a);
  };
  stream._writev = function (this: unknown, chunks: unknown[], cb: unknown) {
    batches.push(chunks.length);
    return _writev.call(this, chunks, cb);
  };
  return { batches, restore: () => Object.assign(stream, { _write, _writev }) };
}

describe('the web Redis client', () => {
  const redis = createRedis(loadConfig({ REDIS_URL: testRedisUrl() }), 'web') as Redis;
  beforeAll(() => connectRedis(redis, 3000));
  afterAll(() => redis.quit());

  it('when several requests issue commands in one turn of the event loop, then the commands leave in one socket write and each gets its own answer', async () => {
    const key = uniqueId('batch');
    const writes = socketWrites(redis);
    try {
      const answers = await Promise.all([redis.set(`${key}:a`, '1', 'EX', 10), redis.set(`${key}:b`, '2', 'EX', 10), redis.get(`${key}:a`), redis.incr(`${key}:n`), redis.del(`${key}:a`, `${key}:b`, `${key}:n`)]);
      expect(answers).toEqual(['OK', 'OK', '1', 1, 3]);
      expect(writes.batches).toEqual([5]);
    } finally {
      writes.restore();
    }
  });

  it('when a command follows the answer to another, then it goes in a write of its own', async () => {
    const key = uniqueId('batch');
    const writes = socketWrites(redis);
    try {
      await redis.set(key, 'x', 'EX', 10);
      expect(await redis.get(key)).toBe('x');
      expect(writes.batches).toEqual([1, 1]);
    } finally {
      writes.restore();
    }
  });
});
