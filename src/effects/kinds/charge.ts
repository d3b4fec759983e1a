import type { EffectJob } from '../effect-job.js';
import type { EffectProvider } from '../effect-provider.js';
import { ProviderError } from '../provider-error.js';
import { endpoint, postIdempotent } from '../provider-http.js';
import type { EffectKindRuntime } from './effect-kind-runtime.js';

/** `POST {BILLING_URL}/charges` (spec "Provider APIs"); the effect id is the idempotency key and the reference. */
export function billingClient(baseUrl: string, timeoutMs: number): EffectProvider {
  const url = endpoint(baseUrl, 'charges');
  return {
    name: 'billing',
    async deliver(job: EffectJob) {
      const { effect } = job;
      if (effect.kind !== 'charge') throw new ProviderError('rejected', undefined, `billing cannot deliver a ${effect.kind} effect`);
      const body = { msisdn: job.msisdn, amount: effect.amount, currency: effect.currency, description: effect.description, reference: job.id };
      return (await postIdempotent(url, body, job.id, timeoutMs)).body;
    },
  };
}

/** `charge`: one billing provider, its own queue. */
export const chargeRuntime = {
  kind: 'charge',
  queue: 'billing',
  concurrency: (config) => config.BILLING_CONCURRENCY,
  endpoints: [{ provider: 'billing', variable: 'BILLING_URL', sandbox: 'billing' }],
  providerOf: () => 'billing',
  client: (_name, baseUrl, timeoutMs) => billingClient(baseUrl, timeoutMs),
} as const satisfies EffectKindRuntime<'charge'>;
