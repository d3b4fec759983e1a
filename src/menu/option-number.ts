import { previousKey } from './page-keys.js';
import type { Menu } from './schema.js';

/**
 * The option number an input chooses, or 0 when it chooses none. Numbers are taken as shown (`1`,
 * `12`; not `01`: a static menu matches exactly, so a menu with a `when`, a generated list and a
 * question must too, or adding a condition would change which inputs choose). A navigation key is
 * never an option number (spec: keys are matched before the screen's own rules): `98` on a long
 * list's last page is a More with nowhere to go, not item 98 of a page before.
 */
export function optionNumbers(keys: Menu['keys']): (input: string | undefined) => number {
  const navigation = new Set([keys.back, keys.home, keys.more, previousKey(keys)]);
  return (input) => (input !== undefined && !navigation.has(input) && /^[1-9]\d*$/.test(input) ? Number(input) : 0);
}
