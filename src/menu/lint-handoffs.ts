import type { PathProblem } from './problems.js';
import type { Menu } from './schema.js';

/**
 * At load in the service (`legacy`: the gateways with a LEGACY_<GATEWAY>_URL): a `handoff` screen
 * reached through a gateway with no legacy app answers the menu's `unavailable` END, so each one is
 * a warning naming those gateways. `gateways`: the gateways the menu is served through.
 */
export function checkHandoffs(menu: Menu, legacy: ReadonlySet<string> | undefined, gateways: readonly string[]): PathProblem[] {
  if (!legacy) return [];
  const without = gateways.filter((g) => !legacy.has(g));
  if (without.length === 0) return [];
  const hint = menu.gateways === undefined && legacy.size > 0 ? ", or name the menu's gateways:" : '';
  return Object.entries(menu.screens)
    .filter(([, s]) => s.type === 'handoff')
    .map(([id]) => ({
      path: ['screens', id, 'type'],
      severity: 'warning' as const,
      message: `handoff "${id}": no legacy app for ${without.join(', ')} (set LEGACY_<GATEWAY>_URL${hint}); callers who reach it there get the "unavailable" END`,
    }));
}
