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

/**
 * BullMQ's producer (the queues the outbox publishes to): fails fast like the web client, so a
 * Redis outage leaves effects in the outbox for the sweeper instead of piling up in memory.
 * Every BullMQ connection is made here, so a Redis Cluster switch is a change to this file only.
 */
export function createProducerRedis(url: string, commandTimeoutMs: number): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    lazyConnect: true,
  });
}

/**
 * A BullMQ worker's connection: waits out a Redis outage and reconnects forever
 * (`maxRetriesPerRequest: null`, which BullMQ requires for its blocking commands).
 */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), 5000),
    lazyConnect: true,
  });
}

/** The nodes a SCAN must visit to see every key: the one server (a Cluster would list its masters). */
export function scanNodes(client: Redis): Redis[] {
  return [client];
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
