import type { Menu } from './schema.js';

/** The key that shows the previous page: `keys.previous`, else `keys.back` (the spec's default). */
export function previousKey(keys: Menu['keys']): string {
  return keys.previous ?? keys.back;
}
