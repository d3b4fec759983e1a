import { Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis;

/**
 * The web role's client fails fast: no offline queue, a command timeout, no per-command retries,
 * so a callback gets its END within the deadline while Redis is away. It reconnects by itself.
 */
export function createWebRedis(url: string, commandTimeoutMs: number, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    lazyConnect: true,
    ...extra,
  });
}

/** Resolves when the client is ready, or rejects with the last connection error after `timeoutMs`. */
export async function connectRedis(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let lastError: Error | undefined;
  const onError = (e: Error) => (lastError = e);
  client.on('error', onError);
  try {
    if (client.status === 'wait') client.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(lastError ?? new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
      client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    client.off('error', onError);
  }
}
