import type { CompiledMenu } from '../menu/engine.js';
import type { MenuRegistry } from '../menu/registry.js';
import type { StateCodecs } from './record.js';

/** State codecs of the versions this process holds, else of a version fetched (from Redis) on a miss. */
export function stateCodecsOf(menus: MenuRegistry, fetchVersion?: (version: string) => Promise<CompiledMenu | undefined>): StateCodecs {
  return (version) => {
    const held = menus.byVersion(version);
    if (held) return held.stateCodec;
    return fetchVersion?.(version).then((m) => m?.stateCodec);
  };
}
