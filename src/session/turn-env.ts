import { gatewayName, type UssdTurn } from '../gateways/turn.js';
import type { Env } from '../menu/model.js';

/** What a hop brings to the menu and is never stored: the caller's number, the code dialled, the gateway and network. */
export function envOf(turn: UssdTurn): Env {
  return { msisdn: turn.msisdn, serviceCode: turn.serviceCode, gateway: { name: gatewayName(turn), network: turn.network ?? '' } };
}
