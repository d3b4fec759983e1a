import type { UssdTurn } from '../gateways/turn.js';
import type { LiveRecord, SessionRecord } from './record.js';
import { isKeyedToken, type Sealer } from './sealer.js';

/** How a continuing hop relates to the stored session. */
export type HopInput = { kind: 'new'; input: string; token: string } | { kind: 'repeat' };

/** What the latest-input rule needs besides the hop: the time, the window, and the hop this request first saw. */
export interface HopClock {
  /** Seconds since the epoch. */
  now: number;
  /** A same input this soon after the last answer is the gateway's duplicate, not the learner's. */
  windowSeconds: number;
  /** Known once this request lost a compare-and-set to a request in flight with it: the hop stored when it first saw the session. */
  firstSeenHop: number | undefined;
}

/** What makes and recognises keyed tokens of inputs (the sealer: under the current key, or while it is rotated, the previous one). */
export type InputTokens = Pick<Sealer, 'token' | 'matches'>;

/**
 * Latest-input gateways keep the last input to recognise a retry; an input on a sensitive screen
 * (a PIN) is kept as a keyed token instead, and compared as one (spec: Sensitive inputs).
 */
export interface InputSecrecy {
  tokens: InputTokens;
  /** The screen this hop's input answers is a sensitive input. */
  sensitive: boolean;
}

/**
 * What identifies this hop, stored as `last` so a retry of it can be recognised. For a whole-chain
 * gateway that is the chain's length (`#7`), never the chain: it would hold every input of the
 * session, a PIN included, and grow with every hop (see `chainInput`).
 */
export function hopToken(turn: UssdTurn): string {
  if (turn.chain !== undefined) return chainToken(turn.chain);
  if (turn.seq !== undefined) return String(turn.seq);
  return turn.input;
}

/**
 * Whole-chain gateways: see `chainInput`. Numbered gateways: the same or an older sequence is a
 * retry.
 *
 * Latest-input gateways with no hop number (Arkesel, Nalo, Beem, TruRoute, Flares, MADAPI) carry
 * nothing that says which screen an input answers. So:
 * - a request that lost the compare-and-set to another request on the session it first saw
 *   (`firstSeenHop`: both were in flight together, and one dialogue never has two real hops in
 *   flight) is answered from what won, whatever its input: applied to the winner's screen, it
 *   would answer a question its caller never saw;
 * - otherwise a hop is a retry only when its input equals the last hop's and it arrives within the
 *   duplicate window of that answer (default 1 s: a screen takes a network round trip to show and
 *   seconds to read and answer; a duplicate delivery arrives in milliseconds).
 * Later, the same input is a new answer (`1` Start Quiz, then `1` Math). A gateway retry after its
 * own multi-second deadline cannot be told apart and counts as an answer; none of these gateways
 * documents retrying.
 */
export function hopInput(turn: UssdTurn, record: LiveRecord, clock: HopClock, secrecy?: InputSecrecy): HopInput {
  if (turn.chain !== undefined) return chainInput(turn.chain, record.last);
  if (turn.seq !== undefined) {
    const last = Number(record.last);
    if (Number.isFinite(last) && turn.seq <= last) return { kind: 'repeat' };
    return { kind: 'new', input: turn.input, token: String(turn.seq) };
  }
  if (clock.firstSeenHop !== undefined && record.hop > clock.firstSeenHop) return { kind: 'repeat' };
  const same = isKeyedToken(record.last) ? secrecy?.tokens.matches(turn.input, record.last) === true : turn.input === record.last;
  if (same && clock.now - record.at < clock.windowSeconds) return { kind: 'repeat' };
  // An input that merely looks like a token is kept as one too, so a stored `~…` is always a token.
  const keyed = secrecy && (secrecy.sensitive || isKeyedToken(turn.input));
  return { kind: 'new', input: turn.input, token: keyed ? secrecy.tokens.token(turn.input) : turn.input };
}

const chainToken = (chain: string) => `#${chain.length}`;

/**
 * A whole-chain gateway (Africa's Talking) sends every input so far, `1*1*2`, and the stored token
 * is the length of the chain last answered. A chain no longer than that is the same hop again (a
 * retry, or the concurrent twin that lost the compare-and-set: both are answered with what is
 * stored); a longer one must continue it with `*`, and the new input is all that follows (never a
 * blind split on `*`, which callers can type). A record written before tokens were lengths holds
 * the chain itself, whose length is the same number.
 */
function chainInput(chain: string, last: string): HopInput {
  const seen = last.startsWith('#') ? Number(last.slice(1)) : last.length;
  if (chain.length <= seen) return { kind: 'repeat' };
  if (seen === 0) return { kind: 'new', input: chain, token: chainToken(chain) };
  if (chain[seen] === '*') return { kind: 'new', input: chain.slice(seen + 1), token: chainToken(chain) };
  return { kind: 'repeat' };
}

/**
 * The token of a dial: `hopToken`, but its keyed hash (`keyed`, given when the dial string has
 * extra parts and the menu sensitive inputs: a caller may type a PIN into it) where the token
 * would be the dial string itself (latest-input gateways).
 */
export function dialToken(turn: UssdTurn, keyed: ((input: string) => string) | undefined): string {
  const token = hopToken(turn);
  return keyed && turn.chain === undefined && turn.seq === undefined ? keyed(token) : token;
}

/** A dial repeated within the duplicate window onto the session it just started (a gateway's duplicate). */
export function isRepeatedDial(turn: UssdTurn, record: SessionRecord, now: number, windowSeconds: number, tokens?: Pick<InputTokens, 'matches'>): boolean {
  // An ended record keeps `at` and `last` only when a number-keyed dial ended it at once.
  if (record.at === undefined || record.last === undefined || now - record.at >= windowSeconds) return false;
  return isKeyedToken(record.last) ? tokens?.matches(hopToken(turn), record.last) === true : record.last === hopToken(turn);
}
