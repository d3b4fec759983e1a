import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../infra/redis.js';
import type { Config } from '../config.js';
import type { PlannedEffect } from '../session/planned-effect.js';
import { toJob } from './effect-job.js';
import { KIND_RUNTIMES, queueOf, type QueueName } from './effect-kinds.js';
import { inSpan, SpanKind, traceCarrier } from './effect-tracing.js';

export type QueueConfig = Pick<
  Config,
  'QUEUE_PREFIX' | 'EFFECT_ATTEMPTS' | 'EFFECT_BACKOFF_MS' | 'EFFECT_KEEP_COMPLETED_SECONDS' | 'EFFECT_KEEP_FAILED_SECONDS'
>;

/** Backoff delays are drawn between half and all of the exponential delay, so retries after an outage spread out. */
export const BACKOFF_JITTER = 0.5;

/**
 * Retries with exponential backoff and jitter; a completed job is kept long enough that a second
 * enqueue of the same effect id (the sweeper after a crash) is recognised and dropped; a failed job
 * is kept with its reason for an operator to read and retry.
 */
export function jobOptions(config: QueueConfig): JobsOptions {
  return {
    attempts: config.EFFECT_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.EFFECT_BACKOFF_MS, jitter: BACKOFF_JITTER },
    removeOnComplete: { age: config.EFFECT_KEEP_COMPLETED_SECONDS },
    removeOnFail: { age: config.EFFECT_KEEP_FAILED_SECONDS },
  };
}

/** One queue per effect kind (`billing`, `sms`, …), under a hash-tagged prefix so a Redis Cluster keeps each queue on one slot. */
export class EffectQueues {
  readonly byName: Record<QueueName, Queue>;

  constructor(connection: RedisClient, config: QueueConfig) {
    const opts = { connection, prefix: config.QUEUE_PREFIX, defaultJobOptions: jobOptions(config) };
    this.byName = Object.fromEntries(KIND_RUNTIMES.map((r) => [r.queue, new Queue(r.queue, opts)])) as Record<QueueName, Queue>;
  }

  /** Enqueues under the effect id: adding an id the queue already holds is a no-op. */
  async add(effect: PlannedEffect): Promise<void> {
    const queue = queueOf(effect.effect);
    // Under the callback's trace: the one the effect carries (relayed from the outbox), else the active one.
    const span = { 'messaging.destination.name': queue, 'messaging.message.id': effect.id };
    await inSpan(`enqueue ${queue}`, SpanKind.PRODUCER, span, async () => {
      const trace = traceCarrier();
      await this.byName[queue].add(effect.effect.kind, { ...toJob(effect), ...(trace ? { trace } : {}) }, { jobId: effect.id });
    }, effect.trace);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.byName).map((q) => q.close()));
  }
}
