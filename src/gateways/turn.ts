/** One gateway callback, decoded: the only shape the core sees, whatever the gateway's format. */
export interface UssdTurn {
  /** Short gateway key, part of the session key (`at`, `hubtel`, …). */
  gateway: string;
  sessionId: string;
  /** International number, digits only (`254711000111`). */
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
}

/** What to answer: a screen awaiting input, or a final message. */
export interface Reply {
  text: string;
  end: boolean;
}
