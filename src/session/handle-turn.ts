import { maskMsisdn } from '../gateways/mask-msisdn.js';
import type { UssdTurn } from '../gateways/turn.js';
import { textOf } from '../menu/engine.js';
import { answerNeed } from './answer-need.js';
import { endSession } from './end-session.js';
import { forwardingIn, forwardSession } from './forward-session.js';
import type { Relay } from './legacy-port.js';
import { sessionKey } from './keys.js';
import { loadSession, routeTurn, type LoadedSession } from './load-session.js';
import type { SessionRecord } from './record.js';
import { recogniseRetry } from './recognise-retry.js';
import { stepSession } from './step-session.js';
import { storeStep } from './store-step.js';
import { answerByOf, turnClock } from './turn-clock.js';
import { answer, type BusyAnswer, type TurnDeps, type TurnResult } from './turn-types.js';

export type { BusyAnswer, EndReason, PlannedEffect, ScreenMark, TurnDeps, TurnResult } from './turn-types.js';

export const UNKNOWN_SERVICE_TEXT = 'This service code is not in use. Please check the number and dial again.';
const MAX_CONFLICT_RETRIES = 3;

/**
 * The use case: load the session, recognise a retry, step the machine, store with compare-and-set.
 * Each step is a function returning a value; the loop only runs again when the store says the
 * session changed under the hop (a lost compare-and-set hands back what won, so stepping again
 * needs no read) or when a retry was recognised on a record the store had not confirmed.
 * Infrastructure errors propagate to the caller, which answers with the gateway's END and the
 * menu's `unavailable` text; `answerBy` makes sure a write that reaches Redis after that answer
 * stores nothing of the hop (docs/adr/deadline-in-script.md).
 *
 * `admission` (the per-number rate limit, when configured) was issued by the caller just before
 * and is awaited together with the load, so it travels in the same round trip; when it says no,
 * the session is neither stepped nor stored.
 *
 * `busy` is set when the deadline guard has answered the caller busy: a hop whose write was
 * stored in time but confirmed only after that is taken back (see `storeStep`).
 *
 * `relay` (only where the gateway has a legacy app) takes the hops this service does not serve:
 * unclaimed dials, callers a rollout leaves on the legacy side, sessions a `handoff` screen hands
 * over (from the hop that reached it), and every later hop of those.
 */
export async function handleTurn(turn: UssdTurn, deps: TurnDeps, admission?: Promise<boolean>, relay?: Relay, busy?: BusyAnswer): Promise<TurnResult> {
  const answerBy = answerByOf(deps);
  const key = sessionKey(turn.gateway, turn.sessionId, deps.config.KEY_PREFIX);
  if (turn.kind === 'end' || turn.kind === 'timeout') return endSession(turn, key, deps, relay);
  const route = routeTurn(turn, deps.menus);
  if (route.kind === 'unknown-code') {
    if (!relay) return unknownServiceCode(turn, deps);
    // A number-keyed dial starts afresh over whatever the number's key holds: the marker replaces it.
    const replaced = turn.keyedByNumber ? await deps.store.load(key, turnClock(deps)) : undefined;
    return forwardSession(turn, key, replaced, {}, relay, deps);
  }
  let session = await loadSession(turn, key, route, turnClock(deps), deps, admission, relay !== undefined);
  if (!session.admitted) return rateLimited(turn, session, deps);
  let firstSeenHop: number | undefined;
  for (let conflicts = 0; conflicts < MAX_CONFLICT_RETRIES; ) {
    if (session.forwarding && relay) return forwardSession(turn, key, session.record, session.forwarding, relay, deps);
    const now = turnClock(deps);
    const hop = await recogniseRetry(turn, session, now, firstSeenHop, deps);
    if (hop.kind === 'retry') {
      const stored = await deps.store.confirm(key, hop.from, now);
      if (stored === hop.from) return hop.result;
      session = reread(session, stored);
      continue;
    }
    let step = await stepSession(turn, key, session, hop, now, deps);
    if (step.kind === 'answer') return step.result;
    // A fetch on the way: the call is made here, through the source port, and the session steps on.
    while (step.kind === 'needs') step = await answerNeed(turn, key, step.write, answerBy, deps);
    const stored = await storeStep(turn, key, step.write, answerBy, deps, relay, busy);
    if (stored.kind === 'stored') return stored.result;
    firstSeenHop ??= (stored.outdated ? stored.current : (step.write.from ?? step.write.replaces))?.hop ?? 0;
    session = reread(session, stored.current);
    if (stored.outdated) continue;
    deps.log.debug({ sessionId: turn.sessionId, attempt: conflicts }, 'concurrent hop on this session; stepping again');
    conflicts++;
  }
  throw new Error(`session ${turn.sessionId} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
}

/** The session as read again (a lost compare-and-set, a confirmed retry): it may be a hand-off's marker by now. */
function reread(session: LoadedSession, record: SessionRecord | undefined): LoadedSession {
  const { forwarding: _decided, ...rest } = session;
  const forwarding = forwardingIn(record);
  return { ...rest, record, ...(forwarding ? { forwarding } : {}) };
}

function unknownServiceCode(turn: UssdTurn, deps: TurnDeps): TurnResult {
  deps.log.info({ sessionId: turn.sessionId, serviceCode: turn.serviceCode }, 'unknown service code');
  return answer({ text: UNKNOWN_SERVICE_TEXT, end: true }, { ended: 'unknown-code' });
}

function rateLimited(turn: UssdTurn, { route, record }: LoadedSession, deps: TurnDeps): TurnResult {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn) }, 'rate limit reached for this number');
  const menu = route.kind === 'dial' ? route.dialled.menu : record && !record.ended ? deps.menus.byVersion(record.version) : undefined;
  return answer({ text: textOf(menu, 'rateLimited'), end: true }, { ended: 'rate-limited' });
}
