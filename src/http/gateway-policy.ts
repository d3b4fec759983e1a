import type { Config } from '../config.js';
import type { GatewayCodec } from '../gateways/codec.js';
import type { RateLimit } from '../gateways/gateway-env.js';
import { parseCidrs } from '../gateways/cidr.js';
import type { Admission } from '../infra/rate-limit.js';
import { secretDigest, type CallbackGuard } from './callback-guard.js';

/** How one endpoint is served, from its codec's defaults and its `GATEWAY_<NAME>_*` settings. */
export interface GatewayPolicy {
  /** Longest reply text, in GSM-7 septets. */
  maxChars: number;
  /** Routes a dial whose code the gateway does not send (Beem). */
  serviceCode?: string;
  /** Absent when neither an allow-list nor a secret is configured. */
  guard?: CallbackGuard;
  /** Absent when no rate limit applies. */
  admit?: Admission;
}

/** One policy per codec name. `limiter` makes (and may share) the Redis limiter for a rate. */
export function buildPolicies(
  codecs: readonly GatewayCodec<never>[],
  config: Pick<Config, 'GATEWAY_SETTINGS' | 'RATE_LIMIT_PER_MSISDN'>,
  limiter: (rate: RateLimit) => Admission,
): Map<string, GatewayPolicy> {
  const policies = new Map<string, GatewayPolicy>();
  for (const codec of codecs) {
    const s = config.GATEWAY_SETTINGS[codec.envName];
    const guard: CallbackGuard = {};
    if (s?.ALLOW_CIDRS !== undefined) {
      const cidrs = parseCidrs(s.ALLOW_CIDRS);
      if (cidrs.ok) guard.allow = cidrs.set;
    }
    if (s?.SECRET !== undefined) guard.secret = { ...s.SECRET_IN, digest: secretDigest(s.SECRET) };
    const rate = s?.RATE_LIMIT ?? config.RATE_LIMIT_PER_MSISDN;
    policies.set(codec.name, {
      maxChars: s?.MAX_CHARS ?? codec.maxChars,
      ...(s?.SERVICE_CODE === undefined ? {} : { serviceCode: s.SERVICE_CODE }),
      ...(guard.allow || guard.secret ? { guard } : {}),
      ...(rate === undefined || rate === 'off' ? {} : { admit: limiter(rate) }),
    });
  }
  return policies;
}
