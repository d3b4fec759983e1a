import type { Worker } from 'bullmq';
import type { Config } from '../config.js';
import { createRedis, type RedisClient } from '../infra/redis.js';
import type { Logger } from '../infra/logger.js';
import { billingClient } from './billing-client.js';
import { breakerState, providerBreaker, type BreakerState, type ProviderBreaker } from './breaker.js';
import type { QueueName } from './effect-job.js';
import type { EffectProvider } from './effect-provider.js';
import { EffectWorker } from './effect-worker.js';
import type { OutboxPublisher } from './outbox-publisher.js';
import { OutboxSweeper } from './outbox-sweeper.js';
import { OutboxRelay, outboxReadyKey } from './outbox-relay.js';
import { smsClient } from './sms-client.js';

export type WorkerConfig = Pick<
  Config,
  | 'REDIS_URL'
  | 'REDIS_CLUSTER_NODES'
  | 'REDIS_COMMAND_TIMEOUT_MS'
  | 'QUEUE_PREFIX'
  | 'KEY_PREFIX'
  | 'BILLING_CONCURRENCY'
  | 'SMS_CONCURRENCY'
  | 'PROVIDER_TIMEOUT_MS'
  | 'BREAKER_ERROR_THRESHOLD_PERCENT'
  | 'BREAKER_VOLUME_THRESHOLD'
  | 'BREAKER_RESET_TIMEOUT_MS'
  | 'BREAKER_WINDOW_MS'
  | 'OUTBOX_SWEEP_INTERVAL_MS'
  | 'OUTBOX_SWEEP_MIN_AGE_MS'
>;

/** The worker role: one worker and one breaker per provider queue, the outbox relay and the outbox sweeper. */
export interface EffectWorkers {
  breakers: Record<QueueName, ProviderBreaker>;
  /** The BullMQ workers, one per queue (their events feed the metrics). */
  queueWorkers: Record<QueueName, Worker>;
  sweeper: OutboxSweeper;
  state(): Record<QueueName, BreakerState>;
  /** Stops the sweeper and the relay, lets each worker finish the jobs in hand, closes the connections. */
  close(): Promise<void>;
}

export function startEffectWorkers(
  config: WorkerConfig,
  log: Logger,
  urls: { billingUrl: string; smsUrl: string },
  outbox: { redis: RedisClient; publisher: OutboxPublisher },
): EffectWorkers {
  const connection = createRedis(config, 'worker');
  connection.on('error', (err) => log.warn({ err: err.message }, 'worker redis error'));
  const providers: EffectProvider[] = [billingClient(urls.billingUrl, config.PROVIDER_TIMEOUT_MS), smsClient(urls.smsUrl, config.PROVIDER_TIMEOUT_MS)];
  const concurrency: Record<QueueName, number> = { billing: config.BILLING_CONCURRENCY, sms: config.SMS_CONCURRENCY };
  const breakers = {} as Record<QueueName, ProviderBreaker>;
  const workers = providers.map((provider) => {
    const breaker = (breakers[provider.queue] = providerBreaker(provider, config, log));
    return new EffectWorker({
      provider,
      breaker,
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: concurrency[provider.queue],
      resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
      log,
    });
  });
  const sweeper = new OutboxSweeper(outbox.redis, outbox.publisher, log, {
    intervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
    minAgeMs: config.OUTBOX_SWEEP_MIN_AGE_MS,
    lockKey: `${config.QUEUE_PREFIX}:outbox-sweeper`,
    keyPrefix: config.KEY_PREFIX,
  });
  sweeper.start();
  const relayConnection = createRedis(config, 'worker');
  relayConnection.on('error', (err) => log.warn({ err: err.message }, 'outbox relay redis error'));
  const relay = new OutboxRelay(relayConnection, outbox.redis, outbox.publisher, log, outboxReadyKey(config.QUEUE_PREFIX));
  relay.start();
  return {
    breakers,
    queueWorkers: Object.fromEntries(workers.map((w, i) => [providers[i]?.queue, w.worker])) as Record<QueueName, Worker>,
    sweeper,
    state: () => ({ billing: breakerState(breakers.billing), sms: breakerState(breakers.sms) }),
    close: async () => {
      await Promise.all([sweeper.stop(), relay.stop()]);
      await Promise.all(workers.map((w) => w.close()));
      for (const b of Object.values(breakers)) b.shutdown();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
