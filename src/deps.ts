import type { Redis } from 'ioredis';
import type { AppDeps } from './app.js';
import type { Config } from './config.js';
import { createEffectProducer, type EffectProducer } from './effects/effect-producer.js';
import { GATEWAYS } from './gateways/registry.js';
import type { Logger } from './infra/logger.js';
import { loadMenuDir } from './infra/menu-files.js';
import { formatProblem } from './menu/problems.js';
import { MenuRegistry } from './menu/registry.js';
import { RedisSessionStore } from './session/redis-session-store.js';

/** The composition root: the one place that knows every adapter. */
export interface Deps {
  config: Config;
  log: Logger;
  redis: Redis;
  menus: MenuRegistry;
  app: AppDeps;
  /** Set on SIGTERM: `/readyz` turns 503 at once. */
  draining: { value: boolean };
  /** The queues and the outbox publisher, which hands each hop's effects to them after the reply. */
  effects: EffectProducer;
}

export async function createDeps(config: Config, log: Logger, redis: Redis): Promise<Deps> {
  const menus = new MenuRegistry();
  const loaded = await loadMenuDir(config.MENUS_DIR);
  for (const p of loaded.problems) (p.severity === 'error' ? log.error : log.warn).call(log, { menuProblem: true }, formatProblem(p));
  for (const m of loaded.menus) {
    menus.publish(m);
    log.info({ menu: m.id, version: m.version, serviceCodes: m.model.menu.serviceCodes }, 'menu loaded');
  }
  const draining = { value: false };
  const store = new RedisSessionStore(redis);
  const effects = await createEffectProducer(config, log, redis);
  const app: AppDeps = {
    gateways: GATEWAYS,
    maxBodyBytes: config.MAX_BODY_BYTES,
    callbacks: { store, menus, log, config, deadlineMs: config.RESPONSE_DEADLINE_MS, afterReply: effects.afterReply },
    readiness: {
      async notReadyReason() {
        if (draining.value) return 'shutting down';
        if (menus.menus().length === 0) return 'no menu loaded';
        if (redis.status !== 'ready') return `redis ${redis.status}`;
        try {
          await redis.ping();
          return undefined;
        } catch (err) {
          return `redis: ${(err as Error).message}`;
        }
      },
    },
  };
  return { config, log, redis, menus, app, draining, effects };
}
