import type { EffectCommand, EffectKind } from '../menu/effect-kinds/effect-kinds.js';
import type { EffectKindRuntime } from './kinds/effect-kind-runtime.js';
import { callRuntime } from './kinds/call.js';
import { chargeRuntime } from './kinds/charge.js';
import { smsRuntime } from './kinds/sms.js';

/**
 * The workers' table of effect kinds: queue, provider and client of each. Keyed by the kinds the
 * menu declares (`src/menu/effect-kinds/`): a kind missing here, or one the menu does not know, is
 * a type error.
 */
export const EFFECT_KIND_RUNTIMES = { charge: chargeRuntime, sms: smsRuntime, call: callRuntime } as const satisfies { [K in EffectKind]: EffectKindRuntime<K> };

type Runtimes = typeof EFFECT_KIND_RUNTIMES;
export type QueueName = Runtimes[EffectKind]['queue'];

export const KIND_RUNTIMES: readonly Runtimes[EffectKind][] = Object.values(EFFECT_KIND_RUNTIMES);

/** Providers whose URL is a setting (`BILLING_URL`, …), each with the sandbox that stands in for it. */
export const PROVIDER_ENDPOINTS: readonly FixedEndpoint[] = KIND_RUNTIMES.flatMap((r): readonly FixedEndpoint[] => r.endpoints);
export type FixedEndpoint = Runtimes[EffectKind]['endpoints'][number];

export function queueOf(effect: EffectCommand): QueueName {
  return EFFECT_KIND_RUNTIMES[effect.kind].queue;
}

/** The provider that delivers an effect (see `EffectKindRuntime.providerOf`). */
export function providerOf(effect: EffectCommand): string {
  // A correlated union: TypeScript cannot tie `effect` to its kind's entry, so the entry is typed for it here.
  const runtime = EFFECT_KIND_RUNTIMES[effect.kind] as EffectKindRuntime<typeof effect.kind>;
  return runtime.providerOf(effect);
}
