import type { Config } from '../../config.js';
import type { EffectCommandOf, EffectKind } from '../../menu/effect-kinds/effect-kinds.js';
import type { EffectProvider } from '../effect-provider.js';

/** The settings a kind may read: its providers' base URLs and its workers' concurrency. */
export type UrlVariable = Extract<keyof Config, `${string}_URL`>;
export type ConcurrencyConfig = Pick<Config, Extract<keyof Config, `${string}_CONCURRENCY`>>;

/** A provider whose base URL is a setting, with the local sandbox (`src/sandbox/`) that stands in while it is unset. */
export interface ProviderEndpoint {
  readonly provider: string;
  readonly variable: UrlVariable;
  /** A `SandboxKind` (`src/sandbox/provider-apis.ts`); `local-providers.ts` checks it is one. */
  readonly sandbox: string;
}

/**
 * One kind of effect as the workers know it: the queue its jobs wait in, which provider delivers
 * an effect (its breaker is named after it), and that provider's client. The kind's shape (menu
 * fields, the decided effect) is declared once in `src/menu/effect-kinds/`.
 */
export interface EffectKindRuntime<K extends EffectKind> {
  readonly kind: K;
  /** A BullMQ queue name (no `:`). */
  readonly queue: string;
  concurrency(config: ConcurrencyConfig): number;
  /** Providers whose URL is configured, known at start: their breakers exist before the first job. */
  readonly endpoints: readonly ProviderEndpoint[];
  /**
   * The provider that delivers this effect. One name for a kind with one provider; a kind whose
   * provider is chosen per effect (a `call` names a menu source) returns that name.
   */
  providerOf(effect: EffectCommandOf<K>): string;
  /** The client of provider `name`, at `baseUrl` (none for a kind without fixed endpoints); `settings`: the SOURCE_* ones. */
  client(name: string, baseUrl: string, timeoutMs: number, settings: Readonly<Record<string, string>>): EffectProvider;
}
