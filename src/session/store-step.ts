import type { UssdTurn } from '../gateways/turn.js';
import type { StepOutcome } from '../menu/engine.js';
import { TOO_MANY } from '../menu/model.js';
import { dropsReported } from './drop-reports.js';
import { answerHandoff, handoffRecord } from './hand-off.js';
import type { Relay } from './legacy-port.js';
import { unavailableReply } from './gateway-reply.js';
import { effectId, type PlannedEffect } from './planned-effect.js';
import type { EndedRecord, LiveRecord, SessionRecord } from './record.js';
import { liveTtl, pointerWrite, resumeWindow } from './resume.js';
import type { SessionWrite } from './session-write.js';
import { LateWriteError, type Conflict, type SideWrite } from './session-store.js';
import { turnClock } from './turn-clock.js';
import type { BusyAnswer, ScreenMark, TurnDeps, TurnResult } from './turn-types.js';

/** A stored hop's result, or a lost compare-and-set with what won. */
export type Stored = { kind: 'stored'; result: TurnResult } | ({ kind: 'conflict' } & Conflict);

/**
 * Stores a stepped hop in one round trip: the compare-and-set on the record it stepped from (with
 * the hop's effects into the session's outbox, atomically) and the side keys (other shards on a
 * Cluster): profile, resume pointer, a taken-over session, made only by the hop that is stored.
 * Every write is refused where it runs once the caller has been answered busy (`answerBy`,
 * HopDeadline); the compare-and-set then stores that answer instead and rejects.
 */
export async function storeStep(turn: UssdTurn, key: string, write: SessionWrite, answerBy: number, deps: TurnDeps, relay?: Relay, busy?: BusyAnswer): Promise<Stored> {
  const { menu, out, from } = write;
  const expected = from ?? write.replaces;
  const hop = (expected?.hop ?? 0) + 1;
  const now = turnClock(deps);
  const next: SessionRecord = out.handoff
    ? handoffRecord(turn, menu, out.handoff, hop, relay !== undefined)
    : out.screen.end
      ? { ended: true, hop, reply: out.screen.text, ...(turn.kind === 'start' && turn.keyedByNumber ? { at: now, last: write.token } : {}) }
      : { ended: false, hop, at: now, version: menu.version, last: write.token, state: out.state, ctx: out.ctx, ...(write.prompt ? { prompt: true as const } : {}) };
  // A handed-off session's marker lives as long as a session: it routes every later hop.
  const ttl = next.ended ? (next.forwarded ? deps.config.SESSION_TTL_SECONDS : deps.config.ENDED_SESSION_TTL_SECONDS) : liveTtl(menu, next.state, deps.config);
  const effects = plannedEffects(turn, key, write, hop, now, deps);
  const told = { ended: true as const, hop, reply: unavailableReply(turn, deps.menus).text };
  const deadline = { answerBy, told, toldTtlSeconds: deps.config.ENDED_SESSION_TTL_SECONDS };
  const sides = sideWrites(turn, key, write, next, deps);
  const saved = await deps.store.save(key, next, expected, ttl, { effects, nowSeconds: now, deadline, sides });
  if (saved !== true) return { kind: 'conflict', ...saved };
  if (busy?.told) return takeBack(key, next, told, effects, now, deps);
  const outcome: TurnResult['outcome'] = from ? {} : { started: true };
  if (write.resumed) outcome.resumed = true;
  if (next.ended && !out.handoff) outcome.ended = out.state === TOO_MANY ? 'too-many' : 'end';
  const screen = screenMark(menu.id, from, out);
  if (screen) outcome.screen = screen;
  const result: TurnResult = { reply: out.screen, effects, outcome };
  if (out.handoff && next.ended) return { kind: 'stored', result: await answerHandoff(turn, next, result, relay, deps) };
  return { kind: 'stored', result };
}

/**
 * The hop was stored in time, but its reply came back after the caller had been answered busy
 * (Redis stalled between running the compare-and-set and sending its reply: a fork for a
 * snapshot, a slow command): what is stored becomes what the caller was told, and the hop's
 * effects leave the outbox before anything relays them. The profile a side write changed stays
 * changed (docs/adr/deadline-in-script.md).
 */
async function takeBack(key: string, stored: SessionRecord, told: EndedRecord, effects: readonly PlannedEffect[], now: number, deps: TurnDeps): Promise<never> {
  const revokes = effects.map((e) => e.id);
  const taken = await deps.store.save(key, told, stored, deps.config.ENDED_SESSION_TTL_SECONDS, { nowSeconds: now, revokes });
  throw new LateWriteError(taken === true);
}

/** Which screen the hop was about, for the funnel; synthetic states (a resume prompt) are not screens. */
function screenMark(menu: string, from: LiveRecord | undefined, out: StepOutcome): ScreenMark | undefined {
  if (out.state === TOO_MANY) return from && { menu, id: from.state, invalid: true };
  if (out.state.startsWith('@')) return undefined;
  if (out.ctx.error === 1) return { menu, id: out.state, invalid: true };
  if (from?.state === out.state) return { menu, id: out.state };
  return { menu, id: out.state, arrived: true };
}

/**
 * The time in an effect's id is that of the record the hop stepped from (the hop's own for a dial):
 * the same hop stepped again from the same record decides the same ids. That happens when Redis
 * comes back without the hop (a restart from a snapshot, a failover to a replica behind) after its
 * charge went through, and the gateway sends the hop again: the provider then sees the key it
 * already applied. A session id that comes back after its session expired steps from records of
 * other times, so its effects still get other ids (docs/adr/effect-ids.md).
 */
function plannedEffects(turn: UssdTurn, key: string, { out, from }: SessionWrite, hop: number, now: number, deps: TurnDeps): PlannedEffect[] {
  const trace = out.effects.length > 0 ? deps.traceCarrier?.() : undefined;
  const second = Math.floor(from ? from.at : now);
  return out.effects.map((effect, i) => ({
    ...(trace ? { trace } : {}),
    id: effectId(turn.gateway, turn.sessionId, out.state, hop, i, second),
    sessionKey: key,
    sessionId: turn.sessionId,
    msisdn: turn.msisdn,
    effect,
  }));
}

/** The writes beside the session's own, made only if it is stored (see SideWrite). */
function sideWrites(turn: UssdTurn, key: string, write: SessionWrite, next: SessionRecord, deps: TurnDeps): SideWrite[] {
  const { menu, out, takesOver } = write;
  const { msisdn } = turn;
  const { config } = deps;
  const reported = dropsReported(turn, deps.drops);
  const sides: SideWrite[] = [];
  if (Object.keys(out.profile).length > 0) sides.push({ kind: 'profile', menuId: menu.id, msisdn, values: out.profile });
  // Gateways whose drop reports reach us get their pointer when a drop happens (see keepForResume).
  const pointer = next.ended || reported ? undefined : pointerWrite(menu, write.from, next, config);
  if (pointer) sides.push({ kind: 'pointer', menuId: menu.id, msisdn, sessionKey: key, ttlSeconds: pointer.ttl });
  if (next.ended && next.hop > 1 && !reported && resumeWindow(menu, config) > 0) sides.push({ kind: 'clear-pointer', menuId: menu.id, msisdn, sessionKey: key });
  if (takesOver) sides.push({ kind: 'remove', key: takesOver.key, record: takesOver.record });
  // A reported drop's pointer has done its job once its session is picked up.
  if (takesOver && reported) sides.push({ kind: 'clear-pointer', menuId: menu.id, msisdn, sessionKey: takesOver.key });
  return sides;
}
