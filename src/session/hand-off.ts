import type { Handoff } from '../gateways/legacy-dialects.js';
import type { UssdTurn } from '../gateways/turn.js';
import { textOf, type CompiledMenu, type HandoffTo } from '../menu/engine.js';
import type { Relay } from './legacy-port.js';
import type { EndedRecord, Forwarding } from './record.js';
import type { TurnDeps, TurnResult } from './turn-types.js';

/**
 * A hop that reached a `handoff` screen. With a legacy app for the gateway, the session becomes
 * the legacy app's: its marker (where it was handed off, and how much of the gateway's counting
 * to cut from later hops, never an input) is stored by the hop's compare-and-set, with the effects
 * decided on the way in the outbox, and the hop goes on as a new-session message. Without one the
 * caller gets the menu's `unavailable` END (docs/adr/handoff-without-a-legacy-url.md).
 */
export function handoffRecord(turn: UssdTurn, menu: CompiledMenu, to: HandoffTo, hop: number, relayed: boolean): EndedRecord {
  if (!relayed) return { ended: true, hop, reply: textOf(menu, 'unavailable') };
  const handoff: Handoff = { dial: to.dial, path: to.path, cut: cutOf(turn) };
  return { ended: true, hop, reply: '', forwarded: { menu: menu.id, handoff } };
}

/** Africa's Talking: the chain answered here; gateways numbering hops: the number before this one. */
function cutOf(turn: UssdTurn): number {
  if (turn.chain !== undefined) return turn.chain.length;
  return turn.seq === undefined ? 0 : Math.max(0, turn.seq - 1);
}

/** After the marker is stored: the hand-off hop relayed (or, with no legacy app, the END stored with it). */
export async function answerHandoff(turn: UssdTurn, stored: EndedRecord, result: TurnResult, relay: Relay | undefined, deps: TurnDeps): Promise<TurnResult> {
  const forwarding: Forwarding | undefined = stored.forwarded;
  if (!forwarding?.handoff || !relay) {
    deps.log.warn({ sessionId: turn.sessionId, gateway: turn.gateway, screen: result.outcome.screen?.id }, 'handoff screen reached, but this gateway has no legacy app (LEGACY_<GATEWAY>_URL): answered unavailable');
    return { ...result, reply: { text: stored.reply, end: true }, outcome: { ...result.outcome, ended: 'unavailable' } };
  }
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, menu: forwarding.menu, handoff: forwarding.handoff.dial }, 'session handed off to the legacy app');
  const relayed = await relay({ opens: true, handoff: forwarding.handoff });
  return { ...result, reply: relayed.screen ?? { text: '', end: false }, outcome: { ...result.outcome, forwarded: true }, relayed: { ...relayed, forwarding, hop: stored.hop } };
}

/**
 * A hop of a handed-off session that repeats the hand-off hop (a gateway's retry): the legacy app
 * gets the new-session message again. Told apart only where the gateway counts its hops.
 */
export function repeatsHandoff(turn: UssdTurn, handoff: Handoff | undefined): boolean {
  if (!handoff) return false;
  if (turn.chain !== undefined) return turn.chain.length <= handoff.cut;
  return turn.seq !== undefined && turn.seq <= handoff.cut + 1;
}
