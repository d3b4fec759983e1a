import CircuitBreaker from 'opossum';
import type { Config } from '../config.js';
import { breakerOptions, type BreakerConfig } from '../infra/breaker-options.js';
import type { Logger } from '../infra/logger.js';
import type { EffectJob } from './effect-job.js';
import type { EffectProvider } from './effect-provider.js';
import { isBusinessOutcome } from './provider-error.js';

/** A provider's breaker also times each delivery out (the only breaker with its own timer). */
export type ProviderBreakerConfig = BreakerConfig & Pick<Config, 'PROVIDER_TIMEOUT_MS'>;
export type ProviderBreaker = CircuitBreaker<[EffectJob], unknown>;
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * One breaker per provider. Only the provider's own failures count (5xx, timeouts, no answer):
 * a declined charge or a 409 is an answer, not an outage. State changes are logged.
 */
export function providerBreaker(provider: EffectProvider, config: ProviderBreakerConfig, log: Logger): ProviderBreaker {
  const name = provider.name;
  const breaker = new CircuitBreaker((job: EffectJob) => provider.deliver(job), {
    name,
    timeout: config.PROVIDER_TIMEOUT_MS,
    ...breakerOptions(config),
    errorFilter: isBusinessOutcome,
  });
  breaker.on('open', () =>
    log.warn({ breaker: name, retryInMs: config.BREAKER_RESET_TIMEOUT_MS }, `${name} breaker open: provider failing, queue on hold`),
  );
  breaker.on('halfOpen', () => log.info({ breaker: name }, `${name} breaker half-open: probing the provider`));
  breaker.on('close', () => log.info({ breaker: name }, `${name} breaker closed: provider answering, queue resumed`));
  return breaker;
}

export function breakerState(b: ProviderBreaker): BreakerState {
  if (b.opened) return 'open';
  return b.halfOpen ? 'half-open' : 'closed';
}

/** Opossum refused the call without making it (open, or half-open with its probe under way). */
export function isRefusedByBreaker(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'EOPENBREAKER';
}
