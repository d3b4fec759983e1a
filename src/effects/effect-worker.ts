import { Queue, RateLimitError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { maskMsisdn, type Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import { isRefusedByBreaker, type ProviderBreaker } from './breaker.js';
import { EffectJobSchema, type EffectJob } from './effect-job.js';
import { inSpan, SpanKind } from './effect-tracing.js';
import type { QueueName } from './effect-kinds.js';
import type { ProviderSet } from './provider-set.js';
import { ProviderError } from './provider-error.js';

export interface EffectWorkerOptions {
  queue: QueueName;
  providers: ProviderSet;
  /** The breakers of this queue's providers: one opening holds the queue. */
  breakers: readonly ProviderBreaker[];
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  resetTimeoutMs: number;
  log: Logger;
}

/** While a half-open breaker's probe is under way, other jobs look again this soon. */
const PROBE_POLL_MS = 250;
/**
 * BullMQ honours a manual rate limit (`queue.rateLimit`) only on workers with a limiter. This one
 * never limits real traffic: it is there so an open breaker can hold the whole queue.
 */
const HOLD_ONLY_LIMITER = { max: 1_000_000, duration: 1000 };

/**
 * A BullMQ worker for one provider's queue. Each job goes through the provider's breaker:
 * done on 2xx; `UnrecoverableError` (final, kept with its reason) on a rejection; thrown
 * (retried with backoff) otherwise. While the breaker is open the queue is held with a rate limit
 * and the job goes back to waiting without spending an attempt; the half-open probe resumes it.
 */
export class EffectWorker {
  readonly worker: Worker;
  private readonly queue: Queue;
  private readonly openedAt = new Map<ProviderBreaker, number>();

  constructor(private readonly o: EffectWorkerOptions) {
    const name = o.queue;
    this.queue = new Queue(name, { connection: o.connection, prefix: o.prefix });
    this.worker = new Worker(name, (job) => this.process(job), {
      connection: o.connection,
      prefix: o.prefix,
      concurrency: o.concurrency,
      limiter: HOLD_ONLY_LIMITER,
    });
    this.worker.on('error', (err) => o.log.warn({ queue: name, err: err.message }, 'queue worker error'));
    this.worker.on('failed', (job, err) => {
      if (!job?.finishedOn) return; // will be retried
      const rejected = err instanceof UnrecoverableError;
      (rejected ? o.log.warn : o.log.error).call(
        o.log,
        { queue: name, effect: job.id, sessionId: job.data?.sessionId, reason: err.message, attempts: job.attemptsMade },
        rejected ? 'effect refused by the provider: not retried' : 'effect failed for good after every attempt',
      );
    });
    for (const breaker of o.breakers) {
      breaker.on('open', () => {
        this.openedAt.set(breaker, Date.now());
        void this.hold(breaker);
      });
      breaker.on('close', () => void this.queue.removeRateLimitKey().catch(() => undefined));
    }
  }

  /** Finishes the jobs in hand, then stops (SIGTERM). */
  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }

  private async process(job: Job): Promise<unknown> {
    const parsed = EffectJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`not an effect job: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const queue = this.o.queue;
    const attributes = { 'messaging.destination.name': queue, 'messaging.message.id': data.id, 'ussd.effect.attempt': job.attemptsMade + 1 };
    return inSpan(`effect ${queue}`, SpanKind.CONSUMER, attributes, () => this.apply(data, job), data.trace);
  }

  private async apply(data: EffectJob, job: Job): Promise<unknown> {
    const breaker = this.o.providers.breakerFor(data);
    const ctx = { queue: this.o.queue, effect: data.id, sessionId: data.sessionId, msisdn: maskMsisdn(data.msisdn), attempt: job.attemptsMade + 1 };
    try {
      const receipt = await breaker.fire(data);
      this.o.log.info(ctx, 'effect applied');
      return receipt ?? null;
    } catch (err) {
      if (isRefusedByBreaker(err)) {
        await this.hold(breaker);
        throw new RateLimitError();
      }
      if (err instanceof ProviderError && err.failure === 'rejected') throw new UnrecoverableError(err.message);
      this.o.log.warn({ ...ctx, err: (err as Error).message }, 'effect attempt failed; will retry');
      throw err;
    }
  }

  /** Holds the queue until the breaker can let a probe through. */
  private async hold(breaker: ProviderBreaker): Promise<void> {
    const untilHalfOpen = (this.openedAt.get(breaker) ?? 0) + this.o.resetTimeoutMs - Date.now();
    const ms = breaker.opened ? Math.max(PROBE_POLL_MS, untilHalfOpen) : PROBE_POLL_MS;
    await this.queue.rateLimit(ms).catch((err: Error) => this.o.log.warn({ err: err.message }, 'could not hold the queue'));
  }
}
