import type { MenuCatalog } from '../infra/menu-catalog.js';
import type { RedisClient } from '../infra/redis.js';
import type { MenuRegistry } from '../menu/registry.js';
import type { Readiness } from './health.routes.js';

interface Probe {
  draining: { value: boolean };
  redis: RedisClient;
}

/**
 * Web (and `all`): not draining, a menu is loaded, every menu file of MENUS_DIR loaded (a rollout
 * that brings a broken file stops at the first new pod instead of dropping its service codes), Redis answers.
 */
export function webReadiness(p: Probe & { menus: MenuRegistry; catalog: Pick<MenuCatalog, 'unservedFiles'> }): Readiness {
  return {
    async notReadyReason() {
      if (p.draining.value) return 'shutting down';
      if (p.menus.menus().length === 0) return 'no menu loaded';
      const unserved = p.catalog.unservedFiles();
      if (unserved.length > 0) return `menu files refused at start-up (their problems are in the log and GET /admin/menus): ${unserved.join(', ')}`;
      return redisProblem(p.redis);
    },
  };
}

/** Worker: not draining and Redis answers (its queues live there); it serves no callbacks, so menus do not matter. */
export function workerReadiness(p: Probe): Readiness {
  return {
    async notReadyReason() {
      if (p.draining.value) return 'shutting down';
      return redisProblem(p.redis);
    },
  };
}

async function redisProblem(redis: RedisClient): Promise<string | undefined> {
  if (redis.status !== 'ready') return `redis ${redis.status}`;
  try {
    await redis.ping();
    return undefined;
  } catch (err) {
    return `redis: ${(err as Error).message}`;
  }
}
