import type { UssdTurn } from '../gateways/turn.js';
import { renderResume, renderSession, startSession, type CompiledMenu } from '../menu/engine.js';
import { TOO_MANY, type Ctx, type Env } from '../menu/model.js';
import type { MenuRegistry } from '../menu/registry.js';
import { hopToken } from './hop-input.js';
import type { LiveRecord } from './record.js';
import type { SessionStore } from './session-store.js';
import { shown, type SessionWrite } from './session-write.js';
import { envOf } from './turn-env.js';

/**
 * Shows the resume prompt on this new session, over a copy of the dropped session's state; the
 * dropped record goes, and the pointer now names this session.
 */
export function offerResume(turn: UssdTurn, menu: CompiledMenu, dropped: LiveRecord, droppedKey: string): SessionWrite {
  const ctx: Ctx = { ...dropped.ctx, attempts: 0, error: 0 };
  const out = shown(dropped.state, ctx, renderResume(menu, { state: dropped.state, ctx }, envOf(turn)));
  return { menu, out, token: hopToken(turn), prompt: true, takesOver: { key: droppedKey, record: dropped } };
}

/** `1` puts the caller back where they were; `2` starts the current version afresh; anything else asks again. */
export async function answerResumePrompt(
  deps: { menus: MenuRegistry; store: SessionStore },
  env: Env,
  menu: CompiledMenu,
  record: LiveRecord,
  hop: { input: string; token: string },
): Promise<SessionWrite> {
  const from = { from: record, token: hop.token };
  if (hop.input === '1') {
    const ctx: Ctx = { ...record.ctx, attempts: 0, error: 0 };
    return { ...from, menu, out: shown(record.state, ctx, renderSession(menu, { state: record.state, ctx }, env)), resumed: true };
  }
  if (hop.input === '2') {
    const current = deps.menus.byId(menu.id) ?? menu;
    const reads = current.model.profileReads;
    const profile = reads.length > 0 ? await deps.store.loadProfile(current.id, env.msisdn, reads) : {};
    return { ...from, menu: current, out: startSession(current, { env, profile }) };
  }
  const attempts = record.ctx.attempts + 1;
  if (attempts >= menu.model.menu.maxAttempts) return { ...from, menu, out: shown(TOO_MANY, record.ctx, renderSession(menu, { state: TOO_MANY, ctx: record.ctx }, env)) };
  const ctx: Ctx = { ...record.ctx, attempts: attempts, error: 1 };
  return { ...from, menu, out: shown(record.state, ctx, renderResume(menu, { state: record.state, ctx }, env)), prompt: true };
}
