import type { UssdTurn } from '../gateways/turn.js';
import type { LiveRecord } from './record.js';

/** How a continuing hop relates to the stored session. */
export type HopInput = { kind: 'new'; input: string; token: string } | { kind: 'repeat' };

/** What identifies this hop, stored as `last` so a retry of it can be recognised. */
export function hopToken(turn: UssdTurn): string {
  if (turn.chain !== undefined) return turn.chain;
  if (turn.seq !== undefined) return String(turn.seq);
  return turn.input;
}

/**
 * Whole-chain gateways: the new input is what follows the stored chain (never a blind split on
 * `*`, which users can type); the same chain again is a retry. Numbered gateways: the same or an
 * older sequence is a retry.
 */
export function hopInput(turn: UssdTurn, record: LiveRecord): HopInput {
  if (turn.chain !== undefined) {
    const chain = turn.chain;
    if (chain === record.last) return { kind: 'repeat' };
    if (record.last === '') return { kind: 'new', input: chain, token: chain };
    if (chain.startsWith(`${record.last}*`)) return { kind: 'new', input: chain.slice(record.last.length + 1), token: chain };
    return { kind: 'repeat' };
  }
  if (turn.seq !== undefined) {
    const last = Number(record.last);
    if (Number.isFinite(last) && turn.seq <= last) return { kind: 'repeat' };
    return { kind: 'new', input: turn.input, token: String(turn.seq) };
  }
  return { kind: 'new', input: turn.input, token: turn.input };
}
