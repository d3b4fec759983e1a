import type { Worker } from 'bullmq';
import type { Config } from '../config.js';
import { closeRedis, createRedis, type RedisClient } from '../infra/redis.js';
import { logConnectionErrors } from '../infra/connection-errors.js';
import type { Logger } from '../infra/logger.js';
import { breakerState, type BreakerState, type ProviderBreaker } from './breaker.js';
import { KIND_RUNTIMES, type QueueName } from './effect-kinds.js';
import type { ConcurrencyConfig } from './kinds/effect-kind-runtime.js';
import { EffectWorker } from './effect-worker.js';
import type { OutboxPublisher } from './outbox-publisher.js';
import { OutboxSweeper } from './outbox-sweeper.js';
import { OutboxRelay, outboxReadyKey } from './outbox-relay.js';
import { ProviderSet } from './provider-set.js';

export type WorkerConfig = ConcurrencyConfig &
  Pick<
    Config,
    | 'REDIS_URL'
    | 'REDIS_CLUSTER_NODES'
    | 'REDIS_COMMAND_TIMEOUT_MS'
    | 'QUEUE_PREFIX'
    | 'KEY_PREFIX'
    | 'PROVIDER_TIMEOUT_MS'
    | 'BREAKER_ERROR_THRESHOLD_PERCENT'
    | 'BREAKER_VOLUME_THRESHOLD'
    | 'BREAKER_RESET_TIMEOUT_MS'
    | 'BREAKER_WINDOW_MS'
    | 'OUTBOX_SWEEP_INTERVAL_MS'
    | 'OUTBOX_SWEEP_MIN_AGE_MS'
    | 'SOURCE_SETTINGS'
  >;

/** The worker role: one worker per effect queue, one breaker per provider, the outbox relay and the outbox sweeper. */
export interface EffectWorkers {
  /** Each provider's breaker, by provider name (`billing`, `sms`, …). */
  breakers: ReadonlyMap<string, ProviderBreaker>;
  /** The BullMQ workers, one per queue (their events feed the metrics). */
  queueWorkers: Record<QueueName, Worker>;
  sweeper: OutboxSweeper;
  /** Each provider's breaker state, by provider name. */
  state(): Record<string, BreakerState>;
  /** Stops the sweeper and the relay, lets each worker finish the jobs in hand, closes the connections. */
  close(): Promise<void>;
}

/**
 * `urls`: each configured provider's base URL, by provider name (see `providerUrls`);
 * `sourceSettings`: the SOURCE_* settings call effects resolve their sources with (the sandboxes
 * `npm start` started filled in).
 */
export function startEffectWorkers(
  config: WorkerConfig,
  log: Logger,
  urls: Readonly<Record<string, string>>,
  outbox: { redis: RedisClient; publisher: OutboxPublisher },
  sourceSettings: Readonly<Record<string, string>> = config.SOURCE_SETTINGS,
): EffectWorkers {
  const connection = createRedis(config, 'worker');
  logConnectionErrors(log, 'worker', connection);
  const providers = new ProviderSet((name) => urls[name], config, log, sourceSettings);
  const workers = KIND_RUNTIMES.map(
    (runtime) =>
      new EffectWorker({
        queue: runtime.queue,
        providers,
        breakers: runtime.endpoints.map((e) => providers.get(runtime.kind, e.provider)),
        connection,
        prefix: config.QUEUE_PREFIX,
        concurrency: runtime.concurrency(config),
        log,
      }),
  );
  const sweeper = new OutboxSweeper(outbox.redis, outbox.publisher, log, {
    intervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
    minAgeMs: config.OUTBOX_SWEEP_MIN_AGE_MS,
    lockKey: `${config.QUEUE_PREFIX}:outbox-sweeper`,
    keyPrefix: config.KEY_PREFIX,
  });
  sweeper.start();
  const relayConnection = createRedis(config, 'worker');
  logConnectionErrors(log, 'outbox-relay', relayConnection);
  const relay = new OutboxRelay(relayConnection, outbox.redis, outbox.publisher, log, outboxReadyKey(config.QUEUE_PREFIX));
  relay.start();
  return {
    breakers: providers.breakers,
    queueWorkers: Object.fromEntries(KIND_RUNTIMES.map((r, i) => [r.queue, workers[i]?.worker])) as Record<QueueName, Worker>,
    sweeper,
    state: () => Object.fromEntries([...providers.breakers].map(([name, b]) => [name, breakerState(b)])),
    close: async () => {
      await Promise.all([sweeper.stop(), relay.stop()]);
      await Promise.all(workers.map((w) => w.close()));
      providers.shutdown();
      await closeRedis(connection);
    },
  };
}
