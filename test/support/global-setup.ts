import { redisAnswers, redisServerOnPath, startLocalRedis } from '../../src/infra/local-redis';
import { freePort } from './own-redis';

/**
 * Tests run against a real Redis: REDIS_URL when it answers, else 127.0.0.1:6379, else a
 * redis-server started here on a free port, else one clear line saying how to get one.
 */
export default async function globalSetup(): Promise<void> {
  const candidates = [process.env.REDIS_URL, 'redis://127.0.0.1:6379'].filter((u): u is string => Boolean(u));
  for (const url of candidates) {
    if (await redisAnswers(url, 500)) {
      process.env.TEST_REDIS_URL = url;
      return;
    }
  }
  if (!redisServerOnPath()) {
    throw new Error('Tests need Redis: set REDIS_URL, start redis-server on 127.0.0.1:6379, or install it (apt-get install redis-server).');
  }
  const port = await freePort();
  const child = await startLocalRedis(port);
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  (globalThis as { __testRedis?: typeof child }).__testRedis = child;
}
