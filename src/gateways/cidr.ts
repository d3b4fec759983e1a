import { BlockList, isIP } from 'node:net';

/** A set of address ranges (`10.0.0.0/8`, `2001:db8::/32`, or single addresses), as Node's BlockList. */
export interface CidrSet {
  has(address: string): boolean;
}

/**
 * Parses a comma-separated list of CIDRs or addresses. Returns the problems instead when any entry is
 * not one, so configuration can name them all. IPv4-mapped IPv6 peers (`::ffff:10.1.2.3`) match IPv4 ranges.
 */
export function parseCidrs(list: string): { ok: true; set: CidrSet } | { ok: false; problems: string[] } {
  const blocks = new BlockList();
  const problems: string[] = [];
  const entries = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length === 0) problems.push('expected at least one address or CIDR range');
  for (const entry of entries) {
    const [address = '', prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || extra !== undefined || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) || prefix > max) {
      problems.push(`"${entry}" is not an IP address or CIDR range`);
      continue;
    }
    blocks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, set: { has: (address) => contains(blocks, address) } };
}

function contains(blocks: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
