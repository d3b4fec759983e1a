import type { Logger } from './logger.js';
import { scanNodes, type RedisClient } from './redis.js';

/**
 * Says at start-up what Redis's `maxmemory-policy` puts at risk when memory runs out. With
 * `noeviction`, writes fail and callers are answered busy, which is counted. With `volatile-*`,
 * Redis drops keys that carry a TTL: live sessions, so callers are told their session expired.
 * With `allkeys-*` it may drop outboxes and queued effects too, which means charges and SMS lost
 * without a trace. Redis refusing `INFO` (a managed service that renamed it) is logged at debug.
 */
export async function checkEvictionPolicy(redis: RedisClient, log: Logger): Promise<void> {
  const policies = new Set<string>();
  try {
    for (const node of scanNodes(redis)) {
      const policy = /^maxmemory_policy:(\S+)/m.exec(await node.info('memory'))?.[1];
      if (policy) policies.add(policy);
    }
  } catch (err) {
    log.debug({ err }, 'could not read Redis maxmemory-policy');
    return;
  }
  for (const policy of policies) {
    if (policy === 'noeviction') continue;
    if (policy.startsWith('volatile-')) {
      log.warn({ maxmemoryPolicy: policy }, `Redis maxmemory-policy is ${policy}: out of memory, Redis drops live sessions (callers are told theirs expired) instead of refusing writes; set noeviction (docs/operations.md, Redis memory)`);
    } else {
      log.error({ maxmemoryPolicy: policy }, `Redis maxmemory-policy is ${policy}: out of memory, Redis may drop outboxes and queued effects, so charges and SMS are lost without a trace; set noeviction (docs/operations.md, Redis memory)`);
    }
  }
}
