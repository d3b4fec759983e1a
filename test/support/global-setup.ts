import { redisAnswers, redisServerOnPath, startLocalRedis } from '../../src/infra/local-redis';
import { freePort } from './own-redis';

/**
 * Every test run gets a redis-server of its own, started here on a free port (nothing saved to
 * disk) and stopped by the teardown: tests never share a Redis, or its keys, with `npm start`,
 * whatever `REDIS_URL` says. Where no redis-server can run (a CI service container instead), set
 * TEST_REDIS_URL to a Redis the tests may fill and flush; nothing else may use it.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_REDIS_URL;
  if (given) {
    if (await redisAnswers(given, 1000)) return;
    throw new Error(`TEST_REDIS_URL=${given} does not answer: unset it to let the tests start their own redis-server.`);
  }
  if (!redisServerOnPath()) {
    throw new Error('Tests start their own Redis: install redis-server (apt-get install redis-server), or set TEST_REDIS_URL to a Redis reserved for tests.');
  }
  const port = await freePort();
  const child = await startLocalRedis(port);
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  (globalThis as { __testRedis?: typeof child }).__testRedis = child;
}
