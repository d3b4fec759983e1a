import type { Reply, UssdTurn } from '../gateways/turn.js';
import { textOf } from '../menu/engine.js';
import { fitGsm7 } from '../menu/gsm7.js';
import type { MenuRegistry } from '../menu/registry.js';

/** The END for a turn that failed (the store unreachable, the deadline passed): the dialled menu's `unavailable` text. */
export function unavailableReply(turn: UssdTurn, menus: MenuRegistry): Reply {
  return { text: textOf(menus.resolve(turn.serviceCode || (turn.dialIfNew ?? ''))?.menu, 'unavailable'), end: true };
}

/** The reply cut to what the gateway shows, counted in GSM-7 septets. */
export function fitReply(reply: Reply, maxChars: number): Reply {
  return { text: fitGsm7(reply.text, maxChars), end: reply.end };
}
