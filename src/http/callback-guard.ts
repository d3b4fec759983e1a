import { createHash, timingSafeEqual } from 'node:crypto';
import type { RawRequest } from '../gateways/codec.js';
import type { CidrSet } from '../gateways/cidr.js';
import { clientAddress } from './client-address.js';

/** A gateway's callback checks, from `GATEWAY_<NAME>_ALLOW_CIDRS` / `_SECRET` / `_SECRET_IN`. */
export interface CallbackGuard {
  allow?: CidrSet;
  secret?: { where: 'header' | 'query'; name: string; digest: Buffer };
}

export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/**
 * Why this callback must be refused, or undefined when it may pass. The secret is compared in
 * constant time (SHA-256 of both sides, then `timingSafeEqual`), so neither its length nor a
 * matching prefix shows in the timing.
 */
export function refusalOf(guard: CallbackGuard, raw: RawRequest, trustedProxies: CidrSet | undefined): string | undefined {
  if (guard.allow) {
    const address = clientAddress(raw, trustedProxies);
    if (!guard.allow.has(address)) return `address ${address || '(unknown)'} is not on the allow-list`;
  }
  if (guard.secret) {
    const { where, name, digest } = guard.secret;
    const given = where === 'header' ? raw.headers[name] : new URLSearchParams(raw.query).get(name);
    if (typeof given !== 'string') return `no shared secret in the ${where} ${name}`;
    if (!timingSafeEqual(secretDigest(given), digest)) return `wrong shared secret in the ${where} ${name}`;
  }
  return undefined;
}
