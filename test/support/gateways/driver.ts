import type { WireRequest, WireResponse } from './wire';

/** A reply read back from the gateway's own format. */
export interface WireReply {
  text: string;
  end: boolean;
  /** The request fields the gateway needs echoed, as the reply carries them. */
  echoes: Record<string, unknown>;
}

/** One dialogue, as the gateway would drive it: each call builds the next request (sending is separate, so a request can be re-sent as a duplicate). */
export interface DriverSession {
  /** The first hop; `code` is what the learner dialled (`*384#`, `*384*1#`). */
  dial(code: string): WireRequest;
  /** The next hop carrying `input`. */
  answer(input: string): WireRequest;
  /** The gateway's user-cancel and timeout signals, where it has them. */
  cancel?(): WireRequest;
  timeout?(): WireRequest;
  /** What every reply must echo, unchanged. */
  echoes(): Record<string, unknown>;
}

/**
 * A gateway as the tests see it from outside: how it sends, how to read what it gets back, and
 * what it can express. Fixtures follow the research examples (../shared/research/gateways.md).
 */
export interface GatewayDriver {
  name: string;
  /** The codec serving it, when not `name` (Emergent is served by Hubtel's). */
  codec?: string;
  path: string;
  contentType: RegExp;
  /** Whether the first hop carries what was dialled: the full string, only the code digits, or nothing. */
  dialString: 'full' | 'digits' | 'none';
  /** The first hop is not marked (Flares GET: the first sighting of a session id). */
  unmarkedDial?: true;
  /** How a retried hop is recognised. */
  retry: 'chain' | 'sequence' | 'window';
  maxChars: number;
  xml: boolean;
  session(ids: { sessionId: string; msisdn: string }): DriverSession;
  /** Reads a reply to a hop; throws when it is not in the gateway's format. */
  read(res: WireResponse): WireReply;
  /** Asserts the answer to a cancel/timeout signal is what the gateway expects. */
  expectSignalAnswer(res: WireResponse): void;
  /** Requests the gateway could never send: each must get a 400 problem. */
  malformed: WireRequest[];
  /** Valid requests (dial, answer, signal) to mutate when fuzzing. */
  samples(): WireRequest[];
}
