import type { CompiledMenu } from '../../src/menu/engine';
import type { LiveRecord } from '../../src/session/record';

/** A live session record of `menu` on its start screen, `hop` hops in, answered at `at` (seconds). */
export function liveRecord(menu: CompiledMenu, hop: number, at: number, extra: Partial<LiveRecord> = {}): LiveRecord {
  return {
    ended: false,
    hop,
    at,
    version: menu.version,
    last: '1',
    state: menu.model.menu.start,
    ctx: { vars: {}, history: [], attempts: 0, page: 0, error: 0, profile: {} },
    ...extra,
  };
}
