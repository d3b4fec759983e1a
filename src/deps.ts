import type { AppDeps } from './app.js';
import type { Config } from './config.js';
import { createEffectProducer, type EffectProducer } from './effects/effect-producer.js';
import type { RateLimit } from './gateways/gateway-env.js';
import { traceCarrier } from './effects/effect-tracing.js';
import { GATEWAYS } from './gateways/registry.js';
import { buildPolicies } from './http/gateway-policy.js';
import { PhoneNumbers } from './http/phone-numbers.js';
import { webReadiness, workerReadiness } from './http/readiness.js';
import type { CallbackDeps } from './http/ussd-callback.js';
import { parseCidrs, type CidrSet } from './gateways/cidr.js';
import type { Logger } from './infra/logger.js';
import { gatewayLimits } from './infra/gateway-limits.js';
import { startMigration, type Migration } from './infra/legacy/migration.js';
import { MenuCatalog } from './infra/menu-catalog.js';
import { MenuSourceStore } from './infra/menu-source-store.js';
import { Metrics } from './infra/metrics.js';
import { redisRateLimit, type Admission } from './infra/rate-limit.js';
import type { RedisClient } from './infra/redis.js';
import { MenuRegistry } from './menu/registry.js';
import { stateCodecsOf } from './session/state-codecs.js';
import { CachingSessionStore, type RememberedRecord } from './infra/caching-session-store.js';
import { MeteredSessionStore } from './infra/metered-session-store.js';
import { RecentRecords } from './infra/recent-records.js';
import { RedisClock } from './infra/redis-clock.js';
import { RedisSessionStore } from './infra/redis-session-store.js';
import { RedisDropReports } from './infra/redis-drop-reports.js';
import { sessionSealer, throwawaySealer } from './infra/session-sealer.js';
import { Sources } from './sources/sources.js';
import { shadowMetrics } from './infra/legacy/shadow-metrics.js';
import { RedisShadowStore } from './infra/redis-shadow-store.js';
import { ShadowRunner } from './session/shadow-runner.js';

/** The composition root: the one place that knows every adapter. */
export interface Deps {
  config: Config;
  log: Logger;
  redis: RedisClient;
  menus: MenuRegistry;
  /** Loads, watches and versions `MENUS_DIR` (web and all); `close()` it on shutdown. */
  catalog: MenuCatalog;
  metrics: Metrics;
  app: AppDeps;
  /** Set on SIGTERM: `/readyz` turns 503 at once. */
  draining: { value: boolean };
  /** The queues and the outbox publisher, which hands each hop's effects to them after the reply. */
  effects: EffectProducer;
  /** The calls of `fetch` screens: HTTP pools and breakers per source; `close()` it on shutdown. */
  sources: Sources;
  /** Forwarding to legacy USSD apps and rollouts, when a LEGACY_<GATEWAY>_URL is set; `close()` it on shutdown. */
  migration?: Migration;
  /** Shadow runs, with a legacy app: `idle()` lets the runs in flight finish. */
  shadow?: ShadowRunner;
  /** Samples Redis's clock against this host's; `stop()` it on shutdown. */
  clock: RedisClock;
}

/** What `main.ts` adds: tracing, and the SOURCE_* settings with the sandboxes it started filled in. */
export type DepsExtras = Pick<CallbackDeps, 'traceCallback'> & { sourceSettings?: Readonly<Record<string, string>> };

/** The gateways the simulator page speaks (src/http/simulator/gateways.js): a form one and a JSON one. */
const SIMULATED_GATEWAYS = [
  { name: 'africastalking', label: "Africa's Talking" },
  { name: 'hubtel', label: 'Hubtel' },
];

/** `ROLE=worker` serves no callbacks: no menus, no USSD routes, no simulator; health, readiness and metrics only. */
export const servesCallbacks = (config: Config): boolean => config.ROLE !== 'worker';

export async function createDeps(config: Config, log: Logger, redis: RedisClient, extras: DepsExtras = {}): Promise<Deps> {
  const { sourceSettings = config.SOURCE_SETTINGS, ...callbackExtras } = extras;
  const metrics = new Metrics({ sessionTtlSeconds: config.SESSION_TTL_SECONDS });
  countRedisErrors(redis, 'web', metrics);
  const menus = new MenuRegistry();
  const catalog = new MenuCatalog(config.MENUS_DIR, menus, new MenuSourceStore(redis, config.KEY_PREFIX), log, new Set(Object.keys(sourceSettings)), gatewayLimits(config), legacyGateways(config));
  const sources = new Sources({ settings: sourceSettings, breaker: config, log, cache: { redis, keyPrefix: config.KEY_PREFIX, maxEntriesPerSource: config.CACHE_MAX_ENTRIES_PER_SOURCE }, metrics, tracing: Boolean(extras.traceCallback) });
  const web = servesCallbacks(config);
  // Twice the longest a session record outlives its last hop: a retired menu version idle that long serves no session here.
  const retireAfterMs = 2_000 * (config.SESSION_TTL_SECONDS + Math.max(config.RESUME_WINDOW_SECONDS, config.ENDED_SESSION_TTL_SECONDS));
  if (web) await catalog.start({ watch: config.MENUS_WATCH, retireAfterMs });
  const draining = { value: false };
  const sideWriteFailed = (err: unknown) => log.warn({ err }, "a side write of a stored hop failed (profile or resume pointer); the hop stands");
  // Only a replica that serves callbacks stores sessions: a worker never says it has no key.
  const sealer = web ? sessionSealer(config, log) : throwawaySealer();
  const clock = redisClock(redis, metrics, log);
  await clock.start(CLOCK_SAMPLE_INTERVAL_MS);
  const redisStore = new RedisSessionStore(redis, stateCodecsOf(menus, (v) => catalog.byVersion(v)), { keyPrefix: config.KEY_PREFIX, onSideWriteError: sideWriteFailed, sealer, clock });
  // The use case sees one SessionStore: Redis, behind the records this process stored last, metered.
  const recent = new RecentRecords<RememberedRecord>(config.SESSION_CACHE_SIZE, config.SESSION_TTL_SECONDS * 1000);
  const store = new MeteredSessionStore(new CachingSessionStore(redisStore, recent, config.SESSION_TTL_SECONDS, config.DUPLICATE_WINDOW_MS / 1000), metrics.liveSessions);
  const effects = await createEffectProducer(config, log, redis);
  const policies = buildPolicies(GATEWAYS, config, sharedLimiters(redis, config.KEY_PREFIX, log));
  const migration = web ? await startMigration(config, log, redis, menus, metrics, extras.traceCallback !== undefined) : undefined;
  const shadow = migration
    ? new ShadowRunner({ menus, store: new RedisShadowStore(redis), profiles: store, sources, sealer, log, config, now: () => Date.now() / 1000 }, shadowMetrics(metrics))
    : undefined;
  const app: AppDeps = {
    gateways: web ? GATEWAYS : [],
    maxBodyBytes: config.MAX_BODY_BYTES,
    ...(web
      ? {
          // A worker loads no menus: its list would be empty, read as "none loaded".
          admin: {
            token: config.ADMIN_TOKEN,
            menus: () => withRollouts(catalog.status(), migration),
            log,
            ...(migration ? { rollout: migration.admin } : {}),
          },
          queueConsole: { token: config.ADMIN_TOKEN, queues: () => Object.values(effects.queues.byName), log },
          simulator: {
            enabled: config.SIMULATOR_ENABLED,
            menus: () => menus.menus().map((m) => ({ id: m.id, serviceCodes: [...m.model.menu.serviceCodes], shortcuts: [...m.model.shortcuts.keys()] })),
            gateways: SIMULATED_GATEWAYS.flatMap(({ name, label }) => {
              const maxChars = policies.get(name)?.maxChars;
              return maxChars === undefined ? [] : [{ name, label, maxChars }];
            }),
          },
        }
      : {}),
    callbacks: {
      store,
      sealer,
      drops: new RedisDropReports(redis, config.KEY_PREFIX),
      menus,
      fetchVersion: (v) => catalog.byVersion(v),
      log,
      config,
      deadlineMs: config.RESPONSE_DEADLINE_MS,
      phoneNumbers: new PhoneNumbers(config.DEFAULT_COUNTRY, log),
      policies,
      ...trustedProxies(config),
      afterReply: (result) => effects.afterReply(result),
      metrics,
      sources,
      ...(migration && shadow ? { legacy: migration.legacy, rollout: migration.rollout, shadow } : {}),
      ...callbackExtras,
      // With tracing on, effects carry the callback's trace context through the outbox.
      ...(extras.traceCallback ? { traceCarrier } : {}),
    },
    readiness: web ? webReadiness({ draining, menus, catalog, redis }) : workerReadiness({ draining, redis }),
    metrics,
  };
  return { config, log, redis, menus, catalog, metrics, app, draining, effects, sources, clock, ...(migration ? { migration } : {}), ...(shadow ? { shadow } : {}) };
}

const CLOCK_SAMPLE_INTERVAL_MS = 10_000;
const CLOCK_WARN_MS = 1_000;

/** Redis's clock against this host's: a gauge, and a warning each time they come to differ by over a second. */
function redisClock(redis: RedisClient, metrics: Metrics, log: Logger): RedisClock {
  const gauge = metrics.gauge({
    name: 'ussd_redis_clock_offset_seconds',
    help: "How far Redis's clock (TIME) is ahead of this process's host (negative: behind), sampled every 10 s. Hops' write cut-offs are corrected by it; more than a fraction of a second means a host's time service is failing.",
  });
  let skewed = false;
  return new RedisClock(redis, (offsetMs) => {
    gauge.set(offsetMs / 1000);
    const over = Math.abs(offsetMs) > CLOCK_WARN_MS;
    if (over && !skewed) log.warn({ offsetMs }, "Redis's clock and this host's differ by more than a second: write cut-offs are corrected for it, but check the hosts' time service (NTP)");
    skewed = over;
  });
}

/** `GET /admin/menus` with each menu's rollout in force and where it came from, when a legacy app is configured. */
function withRollouts(status: ReturnType<MenuCatalog['status']>, migration: Migration | undefined) {
  if (!migration) return status;
  return { ...status, menus: status.menus.map((m) => ({ ...m, rollout: migration.admin.inForce(m.id) })) };
}

/** The gateways (by the name menus use) whose callbacks have a legacy app to go to. */
function legacyGateways(config: Config): ReadonlySet<string> {
  return new Set(GATEWAYS.filter((g) => !g.notificationsOnly && config.LEGACY_URLS[g.envName] !== undefined).map((g) => g.name));
}

/** Connection-level errors (a lost or unreachable server), counted per client; Cluster reports them per node. */
export function countRedisErrors(client: RedisClient, name: string, metrics: Metrics): void {
  const count = () => metrics.redisErrors.inc({ client: name, kind: 'connection' });
  client.on('error', count);
  client.on('node error', count);
}

/** One Redis limiter per distinct rate: gateways with the same limit share a number's count. */
function sharedLimiters(redis: RedisClient, keyPrefix: string, log: Logger): (rate: RateLimit) => Admission {
  const made = new Map<string, Admission>();
  return (rate) => {
    const key = `${rate.hops}/${rate.seconds}`;
    const existing = made.get(key);
    if (existing) return existing;
    const admission = redisRateLimit(redis, rate, keyPrefix, log);
    made.set(key, admission);
    return admission;
  };
}

function trustedProxies(config: Config): { trustedProxies?: CidrSet } {
  const parsed = config.TRUSTED_PROXY_CIDRS === undefined ? undefined : parseCidrs(config.TRUSTED_PROXY_CIDRS);
  return parsed?.ok ? { trustedProxies: parsed.set } : {};
}
