import type { UssdTurn } from '../gateways/turn.js';
import { renderResume, renderSession, startSession, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { TOO_MANY, type Ctx } from '../menu/model.js';
import type { MenuRegistry } from '../menu/registry.js';
import type { TurnResult } from './handle-turn.js';
import { hopToken } from './hop-input.js';
import type { LiveRecord } from './record.js';
import type { Conflict, SessionStore } from './session-store.js';

/** What a hop stores besides its record: the prompt flag, and a dropped session's key to delete. */
export interface CommitResume {
  prompt?: true;
  drop?: string;
  /** The `at` of a live record this fresh start replaces (the dropped session, a number-keyed session): for the live-sessions gauge. */
  replacedAt?: number;
}

/** `handleTurn`'s store step, bound to the hop's turn and session key. */
export type Commit = (menu: CompiledMenu, out: StepOutcome, previous: LiveRecord | undefined, token: string, resume?: CommitResume) => Promise<TurnResult | Conflict>;

/**
 * Shows the resume prompt on this new session, over a copy of the dropped session's state; the
 * dropped record goes, and the pointer now names this session.
 */
export function offerResume(commit: Commit, turn: UssdTurn, menu: CompiledMenu, dropped: LiveRecord, droppedKey: string) {
  const ctx: Ctx = { ...dropped.ctx, n: 0, x: 0 };
  return commit(menu, shown(dropped.state, ctx, renderResume(menu, { state: dropped.state, ctx }, { msisdn: turn.msisdn })), undefined, hopToken(turn), {
    prompt: true,
    drop: droppedKey,
    // A session the gateway reported dropped already left the live count.
    ...(dropped.dropped ? {} : { replacedAt: dropped.at }),
  });
}

/** `1` puts the caller back where they were; `2` starts the current version afresh; anything else asks again. */
export async function answerResumePrompt(
  commit: Commit,
  deps: { menus: MenuRegistry; store: SessionStore },
  msisdn: string,
  menu: CompiledMenu,
  record: LiveRecord,
  hop: { input: string; token: string },
): Promise<TurnResult | Conflict> {
  const env = { msisdn };
  if (hop.input === '1') {
    const ctx: Ctx = { ...record.ctx, n: 0, x: 0 };
    const result = await commit(menu, shown(record.state, ctx, renderSession(menu, { state: record.state, ctx }, env)), record, hop.token);
    if (!('current' in result)) result.outcome.resumed = true;
    return result;
  }
  if (hop.input === '2') {
    const current = deps.menus.byId(menu.id) ?? menu;
    const reads = current.model.profileReads;
    const profile = reads.length > 0 ? await deps.store.loadProfile(current.id, msisdn, reads) : {};
    return commit(current, startSession(current, { env, profile }), record, hop.token);
  }
  const n = record.ctx.n + 1;
  if (n >= menu.model.menu.maxAttempts) return commit(menu, shown(TOO_MANY, record.ctx, renderSession(menu, { state: TOO_MANY, ctx: record.ctx }, env)), record, hop.token);
  const ctx: Ctx = { ...record.ctx, n, x: 1 };
  return commit(menu, shown(record.state, ctx, renderResume(menu, { state: record.state, ctx }, env)), record, hop.token, { prompt: true });
}

/** A step that only shows something: no effects, no profile writes. */
function shown(state: string, ctx: Ctx, screen: StepOutcome['screen']): StepOutcome {
  return { state, ctx, screen, effects: [], profile: {} };
}
