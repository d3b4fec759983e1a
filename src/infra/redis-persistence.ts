import type { Logger } from './logger.js';
import { scanNodes, type RedisClient } from './redis.js';

/**
 * Says at start-up when Redis keeps no append-only file. Outboxes and queued effects live in Redis
 * and nowhere else: a Redis that restarts without one comes back with what its last snapshot held
 * (nothing, without snapshots), and every charge and SMS queued since is gone without a trace.
 * At-least-once delivery rests on it (docs/effects-pipeline.md, "Guarantees"). Redis refusing
 * `INFO` (a managed service that renamed it) is logged at debug.
 */
export async function checkPersistence(redis: RedisClient, log: Logger): Promise<void> {
  let withoutAof = 0;
  try {
    for (const node of scanNodes(redis)) {
      if (/^aof_enabled:0\b/m.test(await node.info('persistence'))) withoutAof++;
    }
  } catch (err) {
    log.debug({ err }, 'could not read Redis persistence');
    return;
  }
  if (withoutAof === 0) return;
  log.warn(
    { redisNodesWithoutAof: withoutAof },
    'Redis keeps no append-only file (appendonly no): if it restarts, queued charges and SMS, outboxes and sessions written since its last snapshot are lost; set appendonly yes (docs/operations.md, Redis persistence)',
  );
}
