import type { UssdTurn } from '../gateways/turn.js';
import { answerSource } from '../menu/engine.js';
import type { SourceAnswer } from '../menu/fetch-request.js';
import { effectId } from './planned-effect.js';
import { logFailures } from './log-failures.js';
import type { SessionWrite } from './session-write.js';
import { envOf } from './turn-env.js';
import { turnClock } from './turn-clock.js';
import type { TurnDeps } from './turn-types.js';

/** A stepped hop: a write to store, or a write that first needs a source's answer (a `fetch`). */
export type Stepped = { kind: 'store'; write: SessionWrite } | { kind: 'needs'; write: SessionWrite };

export function stepped(write: SessionWrite): Stepped {
  return write.out.needs ? { kind: 'needs', write } : { kind: 'store', write };
}

const NO_SOURCES: SourceAnswer = { ok: false };

/**
 * When source calls must be over: the deadline guard's `answerBy` (see turn-clock.ts) less room for
 * the store and the reply after the last call. Without a guard, each source's own timeout.
 */
function sourceDeadline(answerBy: number, deps: TurnDeps): number {
  return answerBy - Math.min(200, (deps.deadlineMs ?? 2000) / 5);
}

/**
 * Makes the call the step needs, through the source port, and steps on with its answer: a chain of
 * fetches in one hop shares the one deadline. The `Idempotency-Key` is the hop's (session, hop
 * number, screen, and the time of the live record it steps from), so a gateway's retry of this hop
 * carries the same one. A hop with no live record to step from (a dial) takes the dial's second
 * instead: gateways that key sessions by number, or reuse their ids, would otherwise send every
 * later dial with the first one's key, and a provider that honours it would answer the old call
 * again. Copies of one dial in flight at once may straddle a second: the first notes its second
 * in Redis for DUPLICATE_WINDOW_MS (the window in which a repeated dial is the gateway's
 * duplicate), and the others take it (one more round trip, only for a POST at a dial).
 */
async function dialSecond(sessionKey: string, deps: TurnDeps): Promise<number> {
  const second = Math.floor(turnClock(deps));
  const windowMs = deps.config.DUPLICATE_WINDOW_MS;
  return windowMs > 0 ? deps.store.dialSecond(sessionKey, second, windowMs) : second;
}

export async function answerNeed(turn: UssdTurn, sessionKey: string, write: SessionWrite, answerBy: number, deps: TurnDeps): Promise<Stepped> {
  const { out, menu } = write;
  if (!out.needs) return stepped(write);
  const before = write.from ?? write.replaces;
  // Only a POST carries it: a GET (the common fetch) does not pay for it.
  const key = out.needs.method === 'POST' ? effectId(turn.gateway, turn.sessionId, out.needs.screen, (before?.hop ?? 0) + 1, 0, before && !before.ended ? before.at : await dialSecond(sessionKey, deps)) : '';
  if (!deps.sources) deps.log.info({ sessionId: turn.sessionId, screen: out.needs.screen }, 'no source port: the fetch goes to onError');
  const answer = deps.sources ? await deps.sources.call(out.needs, { key, deadlineAt: sourceDeadline(answerBy, deps), sessionId: turn.sessionId }) : NO_SOURCES;
  const next = answerSource(menu, out, answer, envOf(turn));
  logFailures(deps.log, turn, menu.model, next.failures.slice(out.failures.length));
  return stepped({ ...write, out: next });
}
