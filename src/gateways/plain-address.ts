/**
 * An address as people write it: `::ffff:10.1.2.3` (an IPv4 peer of a server listening on `::`)
 * → `10.1.2.3`; `10.1.2.3:5060` and `[2001:db8::1]:443` lose their port.
 */
export function plainAddress(a: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) return bracketed[1] as string;
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/i.exec(a);
  return v4 ? (v4[1] as string) : a;
}
