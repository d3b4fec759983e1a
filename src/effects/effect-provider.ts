import type { EffectJob, QueueName } from './effect-job.js';

/**
 * A provider of one kind of effect. Resolves when the provider has applied it (or had already
 * applied it under the same idempotency key); rejects with a `ProviderError` otherwise.
 */
export interface EffectProvider {
  readonly queue: QueueName;
  deliver(job: EffectJob): Promise<unknown>;
}
