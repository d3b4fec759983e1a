import { legacyTimeoutMs, type Config } from '../../config.js';
import type { MenuRegistry } from '../../menu/registry.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createRedis, type RedisClient } from '../redis.js';
import { FileRolloutProvider } from '../rollout/file-rollout-provider.js';
import { OpenFeatureRollout } from '../rollout/openfeature-rollout.js';
import { RolloutOverrides, type RolloutInForce } from '../rollout/rollout-overrides.js';
import { LegacyApp } from './legacy-app.js';

/** Everything moving callers off a legacy app needs, started only when a LEGACY_<GATEWAY>_URL is set. */
export interface Migration {
  legacy: LegacyApp;
  rollout: OpenFeatureRollout;
  /** For the admin API: the overrides, checked against the menus served. */
  admin: {
    exists(menuId: string): boolean;
    set: RolloutOverrides['set'];
    clear: RolloutOverrides['clear'];
    inForce(menuId: string): RolloutInForce;
  };
  close(): Promise<void>;
}

export async function startMigration(
  config: Config,
  log: Logger,
  redis: RedisClient,
  menus: MenuRegistry,
  metrics: Metrics,
  tracing: boolean,
): Promise<Migration | undefined> {
  if (Object.keys(config.LEGACY_URLS).length === 0) return undefined;
  const overrides = new RolloutOverrides(redis, createRedis(config, 'worker'), config.KEY_PREFIX, log);
  await overrides.start();
  const fileRollout = (id: string) => menus.byId(id)?.model.menu.rollout;
  const legacy = new LegacyApp({ urls: config.LEGACY_URLS, timeoutMs: legacyTimeoutMs(config), breaker: config, log, metrics, tracing });
  return {
    legacy,
    rollout: new OpenFeatureRollout(new FileRolloutProvider(fileRollout, overrides), metrics),
    admin: {
      exists: (id) => menus.byId(id) !== undefined,
      set: (id, o) => overrides.set(id, o),
      clear: (id) => overrides.clear(id),
      inForce: (id) => overrides.inForce(id, fileRollout(id)),
    },
    close: async () => {
      await Promise.all([legacy.close(), overrides.close()]);
    },
  };
}
