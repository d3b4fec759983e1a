import type { Config } from '../config.js';
import { GATEWAYS } from '../gateways/registry.js';
import type { GatewayLimits } from '../menu/lint-lengths.js';

/**
 * Each gateway's reply limit in septets, by the name menus use (`gateways: [nalo]`): the codec's
 * cap, or `GATEWAY_<NAME>_MAX_CHARS`. The same figure the callback handler lays pages out for, so
 * what `menus:check` passes is what every gateway can show.
 */
export function gatewayLimits(config: Pick<Config, 'GATEWAY_SETTINGS'>): GatewayLimits {
  return new Map(GATEWAYS.filter((g) => !g.notificationsOnly).map((g) => [g.name, config.GATEWAY_SETTINGS[g.envName]?.MAX_CHARS ?? g.maxChars]));
}
