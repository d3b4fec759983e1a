import type { EffectJob } from '../effect-job.js';
import type { EffectProvider } from '../effect-provider.js';
import { ProviderError } from '../provider-error.js';
import { endpoint, postIdempotent } from '../provider-http.js';
import type { EffectKindRuntime } from './effect-kind-runtime.js';

/** `POST {SMS_URL}/messages` (spec "Provider APIs"); the effect id is the idempotency key and the reference. */
export function smsClient(baseUrl: string, timeoutMs: number): EffectProvider {
  const url = endpoint(baseUrl, 'messages');
  return {
    name: 'sms',
    async deliver(job: EffectJob) {
      const { effect } = job;
      if (effect.kind !== 'sms') throw new ProviderError('rejected', undefined, `sms cannot deliver a ${effect.kind} effect`);
      const body = { to: job.msisdn, text: effect.text, reference: job.id };
      return (await postIdempotent(url, body, job.id, timeoutMs)).body;
    },
  };
}

/** `sms`: one SMS provider, its own queue. */
export const smsRuntime = {
  kind: 'sms',
  queue: 'sms',
  concurrency: (config) => config.SMS_CONCURRENCY,
  endpoints: [{ provider: 'sms', variable: 'SMS_URL', sandbox: 'sms' }],
  providerOf: () => 'sms',
  client: (_name, baseUrl, timeoutMs) => smsClient(baseUrl, timeoutMs),
} as const satisfies EffectKindRuntime<'sms'>;
