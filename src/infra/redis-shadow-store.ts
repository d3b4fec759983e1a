import type { ShadowStore } from '../session/shadow-port.js';
import type { RedisClient } from './redis.js';

/** Shadow runs' state in Redis: plain keys with a TTL, off the reply path. */
export class RedisShadowStore implements ShadowStore {
  constructor(private readonly redis: RedisClient) {}

  async load(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async save(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds);
  }

  async remove(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
