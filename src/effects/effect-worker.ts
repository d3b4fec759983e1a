import { DelayedError, Queue, RateLimitError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { logQueueErrors } from '../infra/connection-errors.js';
import { maskMsisdn, type Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import { breakerState, isRefusedByBreaker, type ProviderBreaker } from './breaker.js';
import { EffectJobSchema, type EffectJob } from './effect-job.js';
import { inSpan, SpanKind } from './effect-tracing.js';
import type { QueueName } from './effect-kinds.js';
import type { ProviderSet } from './provider-set.js';
import { ProviderError } from './provider-error.js';
import { isProviderRefusal, ProviderRefusal } from './provider-refusal.js';

export interface EffectWorkerOptions {
  queue: QueueName;
  providers: ProviderSet;
  /**
   * The breakers whose opening holds the whole queue: those of a kind with one provider. A job
   * whose provider is chosen per effect (other breakers) waits on its own, delayed, instead.
   */
  breakers: readonly ProviderBreaker[];
  connection: RedisClient;
  prefix: string;
  concurrency: number;
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
 * A job whose worker died holding it (its lock expired) runs again up to this many times before it
 * fails as stalled. Running again is harmless (the provider keeps the Idempotency-Key), and a long
 * outage keeps jobs alive across restarts and deploys, so BullMQ's default of 1 is too few; the
 * bound remains for a job that itself kills its worker each time.
 */
const MAX_STALLED = 5;

/**
 * A BullMQ worker for one effect kind's queue. Each job goes through its provider's breaker:
 * done on 2xx; `UnrecoverableError` (final, kept with its reason) on a rejection; thrown
 * (retried with backoff) otherwise. While the breaker is open the queue is held with a rate limit
 * and the job goes back to waiting without spending an attempt; the half-open probe resumes it.
 * A probe that fails does not spend its job's attempt either: the breaker already knew of the
 * outage, and a long one (hours of probes) must not use up the charges it holds (docs/effects.md).
 */
export class EffectWorker {
  readonly worker: Worker;
  private readonly queue: Queue;

  constructor(private readonly o: EffectWorkerOptions) {
    const name = o.queue;
    this.queue = new Queue(name, { connection: o.connection, prefix: o.prefix });
    this.worker = new Worker(name, (job, token) => this.process(job, token), {
      connection: o.connection,
      prefix: o.prefix,
      concurrency: o.concurrency,
      limiter: HOLD_ONLY_LIMITER,
      maxStalledCount: MAX_STALLED,
    });
    logQueueErrors(o.log, name, this.worker);
    logQueueErrors(o.log, name, this.queue);
    this.worker.on('failed', (job, err) => {
      if (!job?.finishedOn) return; // will be retried
      const rejected = isProviderRefusal(err);
      (rejected ? o.log.warn : o.log.error).call(
        o.log,
        { queue: name, effect: job.id, sessionId: (job.data as { sessionId?: string } | undefined)?.sessionId, reason: err.message, attempts: job.attemptsMade },
        finalFailureMessage(err),
      );
    });
    for (const breaker of o.breakers) {
      breaker.on('open', () => {
        void this.hold(breaker);
      });
      breaker.on('close', () => void this.queue.removeRateLimitKey().catch(() => undefined));
    }
  }

  /**
   * Finishes the jobs in hand, then stops (SIGTERM). With Redis unreachable, BullMQ's graceful close
   * would wait for Redis to come back (its commands queue until then), and a job in hand could not
   * be recorded as done anyway: it closes at once instead. Such a job stays active in Redis and runs
   * again, under the same Idempotency-Key, once its lock expires.
   */
  async close(): Promise<void> {
    await this.worker.close(this.o.connection.status !== 'ready');
    await this.queue.close();
  }

  private async process(job: Job, token: string | undefined): Promise<unknown> {
    const parsed = EffectJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`not an effect job: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const queue = this.o.queue;
    const attributes = { 'messaging.destination.name': queue, 'messaging.message.id': data.id, 'ussd.effect.attempt': job.attemptsMade + 1 };
    return inSpan(`effect ${queue}`, SpanKind.CONSUMER, attributes, () => this.apply(data, job, token), data.trace);
  }

  private async apply(data: EffectJob, job: Job, token: string | undefined): Promise<unknown> {
    const breaker = this.o.providers.breakerFor(data);
    const attempt = job.attemptsMade + 1;
    const ctx = { queue: this.o.queue, effect: data.id, sessionId: data.sessionId, msisdn: maskMsisdn(data.msisdn), attempt };
    const outageKnown = breakerState(breaker) !== 'closed';
    try {
      const receipt = await breaker.fire(data);
      this.o.log.info(ctx, 'effect applied');
      return receipt ?? null;
    } catch (err) {
      if (isRefusedByBreaker(err)) {
        if (!this.o.breakers.includes(breaker)) return this.waitForProbe(job, token, breaker);
        await this.hold(breaker);
        throw new RateLimitError();
      }
      if (err instanceof ProviderError && err.failure === 'rejected') throw new ProviderRefusal(err.message);
      const reason = (err as Error).message;
      if (outageKnown) {
        // The half-open probe failed: the job waits for the next probe, its attempt unspent, behind the jobs already waiting.
        this.o.log.warn({ ...ctx, err: reason }, 'effect probe failed: the outage goes on; waiting for the next probe');
        return this.waitForProbe(job, token, breaker);
      }
      if (attempt >= (job.opts.attempts ?? 1)) throw new Error(`gave up after ${attempt} attempts while the ${breaker.name} breaker was closed (no known outage); the last: ${reason}`);
      this.o.log.warn({ ...ctx, err: reason }, 'effect attempt failed; will retry');
      throw err;
    }
  }

  /** Puts the job back, delayed until its provider's next probe, without spending an attempt. */
  private async waitForProbe(job: Job, token: string | undefined, breaker: ProviderBreaker): Promise<never> {
    await job.moveToDelayed(Date.now() + this.untilProbe(breaker), token);
    throw new DelayedError();
  }

  private untilProbe(breaker: ProviderBreaker): number {
    return Math.max(PROBE_POLL_MS, this.o.providers.untilProbe(breaker));
  }

  /** Holds the queue until the breaker can let a probe through. */
  private async hold(breaker: ProviderBreaker): Promise<void> {
    const ms = breaker.opened ? this.untilProbe(breaker) : PROBE_POLL_MS;
    await this.queue.rateLimit(ms).catch((err: Error) => this.o.log.warn({ err: err.message }, 'could not hold the queue'));
  }
}

/**
 * What a job that failed for good is logged as. Only the provider's refusal is its answer; BullMQ
 * also fails a job without another attempt when its workers died holding it more than MAX_STALLED
 * times ('job stalled more than allowable limit'): a charge not made, like one out of attempts.
 */
function finalFailureMessage(err: Error): string {
  if (isProviderRefusal(err)) return 'effect refused by the provider: not retried';
  if (err instanceof UnrecoverableError) return 'effect failed for good without another attempt';
  return 'effect failed for good after every attempt';
}
