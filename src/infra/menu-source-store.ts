import { DEFAULT_KEY_PREFIX } from '../session/keys.js';
import type { RedisClient } from './redis.js';

/** How long a version's source stays in Redis after a replica last served it as current. */
export const MENU_SOURCE_TTL_SECONDS = 7 * 86_400;

/** One key per menu version (content hash), so any replica can compile the version a session names. */
export function menuSourceKey(version: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:menu:{${version}}`;
}

/**
 * Menu sources by version in Redis. Every replica writes the versions it serves, and refreshes
 * their expiry while it keeps serving them; a session can only outlive its version's source by
 * staying alive for a week.
 */
export class MenuSourceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = DEFAULT_KEY_PREFIX,
  ) {}

  async save(version: string, source: string): Promise<void> {
    await this.redis.set(menuSourceKey(version, this.keyPrefix), source, 'EX', MENU_SOURCE_TTL_SECONDS);
  }

  async load(version: string): Promise<string | undefined> {
    const source = await this.redis.get(menuSourceKey(version, this.keyPrefix));
    // Replicas of before KEY_PREFIX applied here wrote under the default: a rolling deploy still finds those.
    if (source === null && this.keyPrefix !== DEFAULT_KEY_PREFIX) return (await this.redis.get(menuSourceKey(version))) ?? undefined;
    return source ?? undefined;
  }

  async touch(versions: readonly string[]): Promise<void> {
    await Promise.all(versions.map((v) => this.redis.expire(menuSourceKey(v, this.keyPrefix), MENU_SOURCE_TTL_SECONDS)));
  }
}
