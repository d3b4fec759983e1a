import type { RawRequest } from '../gateways/codec.js';
import type { CidrSet } from '../gateways/cidr.js';

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

/** `::ffff:10.1.2.3` → `10.1.2.3`; `10.1.2.3:5060` and `[2001:db8::1]:443` lose their port. */
function plainAddress(a: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) return bracketed[1] as string;
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/i.exec(a);
  return v4 ? (v4[1] as string) : a;
}
