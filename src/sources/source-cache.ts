import type { RedisClient } from '../infra/redis.js';

/** Answers above this are served but not cached: the cache holds small lookups (prices, names). */
export const MAX_CACHED_BYTES = 16 * 1024;

/**
 * 2xx GET answers of sources with `cacheSeconds`, in Redis so every replica shares them. Each entry
 * is the body as received (at most 16 KB) under `<prefix>:source:{<menu>.<source>}:<path?query>`,
 * expiring after `cacheSeconds` (at most a day): the cache is bounded by what the sources answer
 * within that time. A Redis failure is a miss, never an error for the caller.
 */
export class SourceCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  key(label: string, target: string): string {
    return `${this.prefix}:source:{${label}}:${target}`;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key).catch(() => null)) ?? undefined;
  }

  put(key: string, text: string, seconds: number): void {
    if (text.length > MAX_CACHED_BYTES) return;
    this.redis.set(key, text, 'EX', seconds).catch(() => undefined);
  }
}
