import { createHash } from 'node:crypto';

/**
 * A caller's bucket (0-99) for a menu: the same on every dial, replica and Node version (a hash of
 * the menu id and the E.164 number), so raising a share only adds callers and lowering it only
 * removes callers. Salting with the menu id keeps two menus' first 10 % from being the same people.
 */
export function bucketOf(menuId: string, e164: string): number {
  return createHash('sha256').update(`${menuId}:${e164}`).digest().readUInt32BE(0) % 100;
}
