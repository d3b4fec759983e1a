import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './logger.js';
import type { RedisClient } from './redis.js';

/** Whether this phone number may have another hop now. Never rejects. */
export type Admission = (msisdn: string) => Promise<boolean>;

/** `hops` per `seconds` for one number (the gateways' RATE_LIMIT settings have this shape). */
export interface HopRate {
  hops: number;
  seconds: number;
}

/**
 * A per-number limit in Redis (rate-limiter-flexible: one Lua call, INCR with expiry). The call is
 * issued at once, so it shares the session load's round trip.
 * A number over its limit is then blocked in memory until its window ends, costing no Redis call.
 * If Redis fails, the hop is let through: the limit protects the service, it is not correctness.
 * Its keys start with the deployment's KEY_PREFIX, so deployments sharing a Redis each count only
 * their own callbacks.
 */
export function redisRateLimit(redis: RedisClient, limit: HopRate, keyPrefix: string, log: Logger): Admission {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${keyPrefix}:rl:${limit.hops}-${limit.seconds}`,
    points: limit.hops,
    duration: limit.seconds,
    inMemoryBlockOnConsumed: limit.hops + 1,
  });
  return (msisdn) =>
    limiter.consume(`{${msisdn}}`).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RateLimiterRes) return false;
        log.warn({ err: (err as Error).message }, 'rate limiter unavailable: letting the hop through');
        return true;
      },
    );
}
