import type { UssdTurn } from '../gateways/turn.js';
import { repeatsHandoff } from './hand-off.js';
import type { Relay } from './legacy-port.js';
import type { EndedRecord, Forwarding, SessionRecord } from './record.js';
import { turnClock } from './turn-clock.js';
import type { TurnDeps, TurnResult } from './turn-types.js';

/**
 * A hop of a session the legacy app serves: relayed, with the session's marker stored (or its
 * expiry pushed on) in the same moment, so the next hop's one read finds it. The marker holds
 * where the session came from and how to rewrite a handed-off hop, never the caller's inputs.
 * A marker write that loses its compare-and-set lost to a twin of this hop, which wrote the same.
 */
export async function forwardSession(turn: UssdTurn, key: string, stored: SessionRecord | undefined, forwarding: Forwarding, relay: Relay, deps: TurnDeps): Promise<TurnResult> {
  const hop = (stored?.hop ?? 0) + 1;
  const marker: EndedRecord = { ended: true, hop, reply: '', forwarded: forwarding };
  // A number-keyed dial is a new dialogue even over a forwarded one's marker.
  const opens = !(stored?.ended && stored.forwarded) || repeatsHandoff(turn, forwarding.handoff) || (turn.kind === 'start' && turn.keyedByNumber === true);
  const [relayed] = await Promise.all([
    relay({ opens, ...(forwarding.handoff ? { handoff: forwarding.handoff } : {}) }),
    deps.store.save(key, marker, stored, deps.config.SESSION_TTL_SECONDS, { nowSeconds: turnClock(deps) }),
  ]);
  if (opens) deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, menu: forwarding.menu, handoff: forwarding.handoff?.dial }, 'session forwarded to the legacy app');
  return { reply: relayed.screen ?? { text: '', end: false }, effects: [], outcome: { forwarded: true }, relayed: { ...relayed, forwarding, hop } };
}

/** The forwarding a loaded record says its session has (a forwarded session keeps its side until it ends). */
export function forwardingIn(record: SessionRecord | undefined): Forwarding | undefined {
  return record?.ended ? record.forwarded : undefined;
}
