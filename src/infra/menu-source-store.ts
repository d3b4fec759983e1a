import type { RedisClient } from './redis.js';

/** How long a version's source stays in Redis after a replica last served it as current. */
export const MENU_SOURCE_TTL_SECONDS = 7 * 86_400;

/** One key per menu version (content hash), so any replica can compile the version a session names. */
export function menuSourceKey(version: string): string {
  return `ussd:menu:{${version}}`;
}

/**
 * Menu sources by version in Redis. Every replica writes the versions it serves, and refreshes
 * their expiry while it keeps serving them; a session can only outlive its version's source by
 * staying alive for a week.
 */
export class MenuSourceStore {
  constructor(private readonly redis: RedisClient) {}

  async save(version: string, source: string): Promise<void> {
    await this.redis.set(menuSourceKey(version), source, 'EX', MENU_SOURCE_TTL_SECONDS);
  }

  async load(version: string): Promise<string | undefined> {
    return (await this.redis.get(menuSourceKey(version))) ?? undefined;
  }

  async touch(versions: readonly string[]): Promise<void> {
    await Promise.all(versions.map((v) => this.redis.expire(menuSourceKey(v), MENU_SOURCE_TTL_SECONDS)));
  }
}
