import { DEFAULT_KEY_PREFIX } from '../session/keys.js';
import type { RedisClient } from './redis.js';

/** How long a version's source stays in Redis after a replica last served it as current. */
export const MENU_SOURCE_TTL_SECONDS = 7 * 86_400;

/** One key per menu version (content hash), so any replica can compile the version a session names. */
export function menuSourceKey(version: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:menu:{${version}}`;
}

/**
 * Menu sources by version in Redis. Every replica writes the versions it serves, and writes them
 * again while it keeps serving them; a session can only outlive its version's source by staying
 * alive for a week.
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

  /** Written again, not only given a new expiry: a Redis that restarted empty, failed over or evicted the key no longer has it. */
  async saveAll(sources: readonly { version: string; source: string }[]): Promise<void> {
    await Promise.all(sources.map((s) => this.save(s.version, s.source)));
  }

  /**
   * Calls `listener` each time the connection is ready again after a loss: what was written while
   * Redis was away failed (the reply path's client has no offline queue), and a Redis that restarted
   * may have come back without it.
   */
  onReconnect(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }
}
