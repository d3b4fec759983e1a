import type { CompiledMenu, StepOutcome } from '../menu/engine.js';
import type { Ctx } from '../menu/model.js';
import type { LiveRecord, SessionRecord } from './record.js';

/** What a stepped hop asks to store: a value the use case hands to `storeStep`. */
export interface SessionWrite {
  menu: CompiledMenu;
  out: StepOutcome;
  /** What identifies this hop, stored as `last` so a retry of it can be recognised. */
  token: string;
  /** The live record this hop stepped from (none: the session starts with this hop). */
  from?: LiveRecord;
  /** A stored record a fresh start replaces (a session keyed by the caller's number dialled anew). */
  replaces?: SessionRecord;
  /** The stored session shows the resume prompt over its state. */
  prompt?: true;
  /** A dropped session whose state this one took over: removed with this write. */
  takesOver?: { key: string; record: LiveRecord };
  /** The caller chose to go on where a dropped session left off. */
  resumed?: true;
}

/** A step that only shows something: no effects, no profile writes. */
export function shown(state: string, ctx: Ctx, screen: StepOutcome['screen']): StepOutcome {
  return { state, ctx, screen, effects: [], profile: {}, failures: [] };
}
