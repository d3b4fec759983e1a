import type { UssdTurn } from '../gateways/turn.js';
import type { StepOutcome } from '../menu/engine.js';
import { TOO_MANY } from '../menu/model.js';
import { unavailableReply } from './gateway-reply.js';
import { effectId, type PlannedEffect } from './planned-effect.js';
import type { LiveRecord, SessionRecord } from './record.js';
import { liveTtl, pointerWrite, resumeWindow } from './resume.js';
import type { SessionWrite } from './session-write.js';
import type { Conflict } from './session-store.js';
import { turnClock } from './turn-clock.js';
import type { ScreenMark, TurnDeps, TurnResult } from './turn-types.js';

/** A stored hop's result, or a lost compare-and-set with what won. */
export type Stored = { kind: 'stored'; result: TurnResult } | ({ kind: 'conflict' } & Conflict);

/**
 * Stores a stepped hop in one round trip: the compare-and-set on the record it stepped from (with
 * the hop's effects into the session's outbox, atomically) and the side keys (other shards on a
 * Cluster): profile, resume pointer, a taken-over session. Every write is refused where it runs
 * once the caller has been answered busy (`answerBy`, HopDeadline); the compare-and-set then
 * stores that answer instead and rejects. The reply follows the compare-and-set alone: a side
 * write that fails is logged, never turned into a busy answer for a hop that was stored.
 */
export async function storeStep(turn: UssdTurn, key: string, write: SessionWrite, answerBy: number, deps: TurnDeps): Promise<Stored> {
  const { menu, out, from } = write;
  const expected = from ?? write.replaces;
  const hop = (expected?.hop ?? 0) + 1;
  const now = turnClock(deps);
  const next: SessionRecord = out.screen.end
    ? { ended: true, hop, reply: out.screen.text }
    : { ended: false, hop, at: now, version: menu.version, last: write.token, state: out.state, ctx: out.ctx, ...(write.prompt ? { prompt: true as const } : {}) };
  const ttl = next.ended ? deps.config.ENDED_SESSION_TTL_SECONDS : liveTtl(menu, next.state, deps.config);
  const effects = plannedEffects(turn, key, write, hop, now, deps);
  const told = { ended: true as const, hop, reply: unavailableReply(turn, deps.menus).text };
  const deadline = { answerBy, told, toldTtlSeconds: deps.config.ENDED_SESSION_TTL_SECONDS };
  const saving = deps.store.save(key, next, expected, ttl, effects, now, deadline);
  const sides = sideWrites(turn, key, write, next, answerBy, deps);
  const saved = sides.length === 0 ? await saving : (await Promise.all([saving, ...sides]))[0];
  if (saved !== true) return { kind: 'conflict', ...saved };
  const outcome: TurnResult['outcome'] = from ? {} : { started: true };
  if (write.resumed) outcome.resumed = true;
  if (next.ended) outcome.ended = out.state === TOO_MANY ? 'too-many' : 'end';
  const screen = screenMark(menu.id, from, out);
  if (screen) outcome.screen = screen;
  return { kind: 'stored', result: { reply: out.screen, effects, outcome } };
}

/** Which screen the hop was about, for the funnel; synthetic states (a resume prompt) are not screens. */
function screenMark(menu: string, from: LiveRecord | undefined, out: StepOutcome): ScreenMark | undefined {
  if (out.state === TOO_MANY) return from && { menu, id: from.state, invalid: true };
  if (out.state.startsWith('@')) return undefined;
  if (out.ctx.error === 1) return { menu, id: out.state, invalid: true };
  if (from?.state === out.state) return { menu, id: out.state };
  return { menu, id: out.state, arrived: true };
}

function plannedEffects(turn: UssdTurn, key: string, { out }: SessionWrite, hop: number, now: number, deps: TurnDeps): PlannedEffect[] {
  const trace = out.effects.length > 0 ? deps.traceCarrier?.() : undefined;
  return out.effects.map((effect, i) => ({
    ...(trace ? { trace } : {}),
    id: effectId(turn.gateway, turn.sessionId, out.state, hop, i, Math.floor(now)),
    sessionKey: key,
    sessionId: turn.sessionId,
    msisdn: turn.msisdn,
    effect,
  }));
}

/** The writes beside the session's own, issued in the same turn of the event loop; a failure is logged. */
function sideWrites(turn: UssdTurn, key: string, write: SessionWrite, next: SessionRecord, answerBy: number, deps: TurnDeps): Promise<unknown>[] {
  const { store, config } = deps;
  const { menu, out, takesOver } = write;
  const writes: Promise<unknown>[] = [];
  if (Object.keys(out.profile).length > 0) writes.push(store.saveProfile(menu.id, turn.msisdn, out.profile, answerBy));
  // Gateways that report lost dialogues get their pointer when that happens (see keepForResume).
  const pointer = next.ended || turn.reportsDrops ? undefined : pointerWrite(menu, write.from, next, config);
  if (pointer) writes.push(store.saveResumePointer(menu.id, turn.msisdn, key, pointer.ttl, answerBy));
  if (next.ended && next.hop > 1 && !turn.reportsDrops && resumeWindow(menu, config) > 0) writes.push(store.clearResumePointer(menu.id, turn.msisdn, key, answerBy));
  if (takesOver) writes.push(store.remove(takesOver.key, takesOver.record, answerBy));
  // A reported drop's pointer has done its job once its session is picked up.
  if (takesOver && turn.reportsDrops) writes.push(store.clearResumePointer(menu.id, turn.msisdn, takesOver.key, answerBy));
  const failed = (err: unknown) => deps.log.warn({ err, sessionId: turn.sessionId, gateway: turn.gateway }, 'a side write of a hop failed; the hop stands');
  return writes.map((w) => w.catch(failed));
}
