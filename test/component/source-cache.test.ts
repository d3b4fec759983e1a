import { cachePlace, MAX_CACHED_BYTES, SourceCache } from '../../src/sources/source-cache';
import { plainRedis, uniqueId } from '../support/redis';

const redis = plainRedis();
afterAll(() => redis.disconnect());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PLACE = cachePlace('http://prices.example/v1');
const ok = (text: string) => ({ status: 200, text });

describe('the shared cache of source answers, on a real Redis', () => {
  it('when a source already holds its bound of live entries, then a new answer is not kept, and is once one expires', async () => {
    const cache = new SourceCache(redis, uniqueId('cache'), 2);
    const [a, b, c] = ['/prices/a', '/prices/b', '/prices/c'].map((target) => cache.slot('market.prices', PLACE, target));
    if (!a || !b || !c) throw new Error('three slots');

    expect(await cache.put(a, ok('{"p":1}'), 1)).toBe(true);
    expect(await cache.put(b, ok('{"p":2}'), 60)).toBe(true);
    expect(await cache.put(c, ok('{"p":3}'), 60)).toBe(false);
    expect(await cache.get(c)).toBeUndefined();
    // An entry already held is refreshed, full or not.
    expect(await cache.put(b, ok('{"p":22}'), 60)).toBe(true);
    expect(await cache.get(b)).toEqual(ok('{"p":22}'));
    expect(await redis.zcard(a.index)).toBe(2);

    await sleep(1100);
    expect(await cache.get(a)).toBeUndefined();
    expect(await cache.put(c, ok('{"p":3}'), 60)).toBe(true);
    expect(await cache.get(c)).toEqual(ok('{"p":3}'));
    expect(await redis.zrange(a.index, '0', '-1')).toEqual([b.key, c.key]);
  });

  it('when the last entry of a source expires, then its index goes with it; other sources keep their own bound', async () => {
    const prefix = uniqueId('cache');
    const cache = new SourceCache(redis, prefix, 1);
    const mine = cache.slot('wallet.rates', PLACE, '/rates');
    const theirs = cache.slot('market.prices', PLACE, '/prices/a');

    expect(await cache.put(mine, ok('{}'), 1)).toBe(true);
    expect(await cache.put(theirs, ok('{}'), 1)).toBe(true);
    expect(mine.index).not.toBe(theirs.index);
    const ttl = await redis.pttl(mine.index);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);

    await sleep(1100);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('when an answer is over 16 KB in bytes (not characters), then it is not kept', async () => {
    const cache = new SourceCache(redis, uniqueId('cache'), 10);
    const slot = cache.slot('market.prices', PLACE, '/all');
    expect(await cache.put(slot, ok('x'.repeat(MAX_CACHED_BYTES + 1)), 60)).toBe(false);
    expect(await cache.put(slot, ok('é'.repeat(MAX_CACHED_BYTES / 2 + 1)), 60)).toBe(false);
    expect(await redis.exists(slot.key, slot.index)).toBe(0);
  });

  it('when an answer is read back, then it has the status it came with, and an entry of the older layout (a bare body) is a miss', async () => {
    const cache = new SourceCache(redis, uniqueId('cache'), 10);
    const slot = cache.slot('market.prices', PLACE, '/today');
    expect(await cache.put(slot, { status: 201, text: '' }, 60)).toBe(true);
    expect(await cache.get(slot)).toEqual({ status: 201, text: '' });
    await redis.set(slot.key, '{"p":1}');
    expect(await cache.get(slot)).toBeUndefined();
  });

  it('when one source points at two places (two menu versions, a settings change), then each keeps its own answers', async () => {
    const cache = new SourceCache(redis, uniqueId('cache'), 10);
    const v1 = cache.slot('market.prices', cachePlace('http://prices.example/a'), '/rate');
    const v2 = cache.slot('market.prices', cachePlace('http://prices.example/b'), '/rate');
    await cache.put(v1, ok('{"rate":1}'), 60);
    expect(v2.key).not.toBe(v1.key);
    expect(await cache.get(v2)).toBeUndefined();
  });
});
