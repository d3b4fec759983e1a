import { gatewayName, type UssdTurn } from '../gateways/turn.js';
import type { Env } from '../menu/model.js';

/** What a hop brings to the menu and is never stored: the caller's number, the code dialled, the gateway, its network and its page size. */
export function envOf(turn: UssdTurn): Env {
  const env: Env = { msisdn: turn.msisdn, serviceCode: turn.serviceCode, gateway: { name: gatewayName(turn), network: turn.network ?? '' } };
  if (turn.pageSize !== undefined) env.pageSize = turn.pageSize;
  return env;
}
