import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  return url;
}

/**
 * A plain client for assertions; close it in afterAll. It connects on its first command: one made
 * at a file's top level opens no socket when every test is filtered out (`jest -t`), where the
 * afterAll that would close it does not run and an open socket would keep jest from exiting.
 */
export function plainRedis(): Redis {
  return new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
}

/** Ids no other test (or earlier run) uses. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}
