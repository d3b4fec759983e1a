import type { RawRequest } from '../gateways/codec.js';
import type { CidrSet } from '../gateways/cidr.js';
import { plainAddress } from '../gateways/plain-address.js';

/**
 * Who is calling: the TCP peer, unless the peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its left could be forged
 * by the caller). Without trusted proxies the header is ignored.
 */
export function clientAddress(raw: RawRequest, trustedProxies: CidrSet | undefined): string {
  const peer = plainAddress(raw.remoteAddress ?? '');
  if (!trustedProxies?.has(peer)) return peer;
  const header = raw.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => plainAddress(h.trim()))
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trustedProxies.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}
