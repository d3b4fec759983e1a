import { RedisClock } from '../../src/infra/redis-clock';
import { plainRedis } from '../support/redis';

const redis = plainRedis();
/** Keeps Redis busy for ARGV[1] ms. */
const BUSY_LUA = `local function ms() local t = redis.call('TIME') return t[1] * 1000 + t[2] / 1000 end
local stop = ms() + tonumber(ARGV[1])
while ms() < stop do end`;
afterAll(() => redis.disconnect());

describe('RedisClock', () => {
  it('measures Redis on the same host as no offset, to within a few milliseconds', async () => {
    const clock = new RedisClock(redis);
    for (let i = 0; i < 3; i++) await clock.sample();
    expect(Math.abs(clock.offsetMs)).toBeLessThan(5);
  });

  it('follows a clock stepped between samples at once, instead of keeping the earlier, quicker samples', async () => {
    const seen: number[] = [];
    const clock = new RedisClock(redis, (offsetMs) => seen.push(offsetMs));
    for (let i = 0; i < 3; i++) await clock.sample();
    const realNow = Date.now.bind(Date);
    const stepped = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_000);
    try {
      // Queued behind 20 ms of Lua on the same connection, the stepped sample takes the longest round trip of all.
      const busy = redis.eval(BUSY_LUA, 0, 20);
      await clock.sample();
      await busy;
    } finally {
      stepped.mockRestore();
    }
    expect(Math.abs(clock.offsetMs + 3_000)).toBeLessThan(15);
    expect(seen).toHaveLength(4);
  });

  it('keeps its last estimate when a sample fails', async () => {
    const lost = plainRedis();
    const clock = new RedisClock(lost);
    await clock.sample();
    const before = clock.offsetMs;
    lost.disconnect();
    await expect(clock.sample()).rejects.toThrow();
    expect(clock.offsetMs).toBe(before);
  });
});
