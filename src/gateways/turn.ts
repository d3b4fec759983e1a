/** One gateway callback, decoded: the only shape the core sees, whatever the gateway's format. */
export interface UssdTurn {
  /** Short gateway key, part of the session key (`at`, `hubtel`, …). */
  gateway: string;
  sessionId: string;
  /**
   * E.164 digits without the plus (`254711000111`), one form whatever format the gateway sent, so
   * the rate limit, profiles and resume pointers see one person. The codec gives the number as
   * sent; the callback handler normalises it (a number no reading makes valid keeps its digits).
   */
  msisdn: string;
  /** What was dialled: `*384#`, or `*384*1*2#` with extra parts when the gateway gives them. */
  serviceCode: string;
  /** `start` (dial), `continue` (an answer), `end` (the user or network ended it), `timeout`. */
  kind: 'start' | 'continue' | 'end' | 'timeout';
  /** The latest input (empty at `start` and for signals). */
  input: string;
  /** Whole-chain gateways (Africa's Talking): every input so far joined by `*`. */
  chain?: string;
  /** Gateways that number their hops (Hubtel `Sequence`). */
  seq?: number;
  /**
   * Gateways that do not mark the first hop (Comviva Flares over GET): when no session is stored
   * for this id, this `continue` dials `dialIfNew` instead of being an answer.
   */
  dialIfNew?: string;
  /**
   * The gateway sends no session id (older Nalo integrations), so the number keys the session: a
   * dial then always starts afresh, unless it repeats the dial that just started it.
   */
  keyedByNumber?: true;
  /**
   * The gateway tells us when a dialogue is lost (Africa's Talking `Incomplete`, Hubtel `Timeout`,
   * TruRoute type 4, MADAPI type 5), so a session needs no resume pointer until that happens.
   */
  reportsDrops?: true;
  /** The caller's network or operator as the gateway names it (Africa's Talking `networkCode`), when it does. */
  network?: string;
  /** The longest reply the gateway carries, in septets (set by the callback handler): screens are paginated for it. */
  pageSize?: number;
}

/** Gateways whose name in menus (`gateway.name`) differs from their short key. */
const GATEWAY_NAMES: Readonly<Record<string, string>> = { at: 'africastalking' };

/** The gateway's name as menus see it (`gateway.name`, e.g. `africastalking`). */
export function gatewayName(turn: Pick<UssdTurn, 'gateway'>): string {
  return GATEWAY_NAMES[turn.gateway] ?? turn.gateway;
}

/** What to answer: a screen awaiting input, or a final message. */
export interface Reply {
  text: string;
  end: boolean;
}
