import type { EffectJob } from './effect-job.js';

/**
 * A provider of effects. Resolves when the provider has applied one (or had already applied it
 * under the same idempotency key); rejects with a `ProviderError` otherwise.
 */
export interface EffectProvider {
  /** The provider's name: its breaker's name, and the label of its metrics and logs. */
  readonly name: string;
  deliver(job: EffectJob): Promise<unknown>;
}
