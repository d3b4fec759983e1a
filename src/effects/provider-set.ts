import type { Logger } from '../infra/logger.js';
import { providerBreaker, type ProviderBreaker, type ProviderBreakerConfig } from './breaker.js';
import type { EffectJob } from './effect-job.js';
import { EFFECT_KIND_RUNTIMES, providerOf } from './effect-kinds.js';

/**
 * The providers the workers call, by name, each behind its own breaker; made on first use, so a
 * kind whose provider is chosen per effect gets one breaker per provider it actually meets.
 */
export class ProviderSet {
  readonly breakers = new Map<string, ProviderBreaker>();
  private readonly openedAt = new WeakMap<ProviderBreaker, number>();

  constructor(
    private readonly urlOf: (provider: string) => string | undefined,
    private readonly config: ProviderBreakerConfig,
    private readonly log: Logger,
    /** The SOURCE_* settings a `call`'s source is resolved with. */
    private readonly settings: Readonly<Record<string, string>> = {},
  ) {}

  /** The breaker of the provider that delivers `job` (it wraps that provider's client). */
  breakerFor(job: EffectJob): ProviderBreaker {
    return this.get(job.effect.kind, providerOf(job.effect));
  }

  get(kind: EffectJob['effect']['kind'], provider: string): ProviderBreaker {
    const known = this.breakers.get(provider);
    if (known) return known;
    const runtime = EFFECT_KIND_RUNTIMES[kind];
    // A kind with fixed endpoints needs its URL; one whose provider is chosen per effect (a call) carries its own.
    const url = this.urlOf(provider) ?? '';
    if (!url && runtime.endpoints.length > 0) throw new Error(`no URL for the ${provider} provider`);
    const breaker = providerBreaker(runtime.client(provider, url, this.config.PROVIDER_TIMEOUT_MS, this.settings), this.config, this.log);
    breaker.on('open', () => this.openedAt.set(breaker, Date.now()));
    this.breakers.set(provider, breaker);
    return breaker;
  }

  /** How long until `breaker` lets a probe through (0 when it is not open). */
  untilProbe(breaker: ProviderBreaker): number {
    if (!breaker.opened) return 0;
    return Math.max(0, (this.openedAt.get(breaker) ?? Date.now()) + this.config.BREAKER_RESET_TIMEOUT_MS - Date.now());
  }

  shutdown(): void {
    for (const b of this.breakers.values()) b.shutdown();
  }
}
