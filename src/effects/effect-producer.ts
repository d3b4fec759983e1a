import type { Config } from '../config.js';
import { logConnectionErrors, logQueueErrors } from '../infra/connection-errors.js';
import type { Logger } from '../infra/logger.js';
import { connectRedis, createRedis, type RedisClient } from '../infra/redis.js';
import type { PlannedEffect } from '../session/planned-effect.js';
import { OutboxPublisher } from './outbox-publisher.js';
import { notifyOutbox, outboxReadyKey } from './outbox-relay.js';
import { EffectQueues, type QueueConfig } from './queues.js';

/** The producer side of effects: the queues, and the publisher that moves outbox entries onto them. */
export interface EffectProducer {
  queues: EffectQueues;
  publisher: OutboxPublisher;
  /** The callback hook (`afterReply`): once the reply is on its way, tells the outbox relay (where the workers run) to enqueue the hop's effects. */
  afterReply(result: { effects: readonly PlannedEffect[] }): void;
  /** Waits for effects being enqueued, then closes the queues and their connection. */
  close(): Promise<void>;
}

/** `redis` is the session store's client: the outbox lives beside the sessions. */
export async function createEffectProducer(
  config: QueueConfig & Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_COMMAND_TIMEOUT_MS' | 'TEST_CRASH_POINT'>,
  log: Logger,
  redis: RedisClient,
): Promise<EffectProducer> {
  const producer = createRedis(config, 'producer');
  logConnectionErrors(log, 'producer', producer);
  await connectRedis(producer, 5000);
  const queues = new EffectQueues(producer, config);
  for (const q of Object.values(queues.byName)) logQueueErrors(log, q.name, q);
  const publisher = new OutboxPublisher(redis, queues, log);
  return {
    queues,
    publisher,
    afterReply: ({ effects }) => {
      // Tests only: die between the atomic session + outbox write and the enqueue (README, "Effects").
      if (config.TEST_CRASH_POINT === 'after-outbox-write') process.kill(process.pid, 'SIGKILL');
      const sessions = new Set(effects.map((e) => e.sessionKey));
      for (const key of sessions) notifyOutbox(redis, outboxReadyKey(config.QUEUE_PREFIX), key, log);
    },
    close: async () => {
      await publisher.drain();
      await queues.close();
      await producer.quit().catch(() => producer.disconnect());
    },
  };
}
