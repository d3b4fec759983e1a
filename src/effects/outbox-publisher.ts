import type { RedisClient } from '../infra/redis.js';
import type { Logger } from '../infra/logger.js';
import { outboxKeyOf } from '../session/keys.js';
import type { PlannedEffect } from '../session/planned-effect.js';
import type { EffectQueues } from './queues.js';

/**
 * Moves effects from a session's outbox to the queues: enqueue under the effect id, then delete
 * the outbox entries that were enqueued. Runs after the reply; never throws. What cannot be
 * enqueued (Redis away, the process dies) stays in the outbox for the sweeper.
 */
export class OutboxPublisher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly queues: EffectQueues,
    private readonly log: Logger,
  ) {}

  publish(effects: readonly PlannedEffect[]): Promise<void> {
    const run = this.run(effects).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  /** Waits for every publish under way (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(effects: readonly PlannedEffect[]): Promise<void> {
    const added = await Promise.allSettled(effects.map((e) => this.queues.add(e)));
    const done = new Map<string, string[]>();
    effects.forEach((e, i) => {
      const result = added[i];
      if (result?.status === 'fulfilled') done.set(e.sessionKey, [...(done.get(e.sessionKey) ?? []), e.id]);
      else this.log.warn({ sessionId: e.sessionId, effect: e.id, err: String(result?.reason) }, 'could not enqueue an effect; it stays in the outbox for the sweeper');
    });
    await Promise.all(
      [...done].map(([key, ids]) =>
        this.redis.hdel(outboxKeyOf(key), ...ids).catch((err: Error) => {
          // Harmless: the sweeper will enqueue them again under the same ids, which the queue drops.
          this.log.warn({ effects: ids, err: err.message }, 'enqueued, but could not clear the outbox');
        }),
      ),
    );
  }
}
