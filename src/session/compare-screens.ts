import { maskMsisdn } from '../gateways/mask-msisdn.js';
import type { Reply } from '../gateways/turn.js';
import { toGsm7 } from '../menu/gsm7.js';

/** A screen as shadow runs compare it: in GSM-7, whitespace collapsed (the spec's normalisation). */
export function normaliseScreen(text: string): string {
  return toGsm7(text).replace(/\s+/g, ' ').trim();
}

/** The same screen: the same text once normalised, and both waiting for input or both ending. */
export function sameScreen(here: Reply, legacy: Reply): boolean {
  return here.end === legacy.end && normaliseScreen(here.text) === normaliseScreen(legacy.text);
}

/** Digit runs long enough to be a phone number or an account (7 or more) masked, for a log line. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d{7,}/g, (n) => maskMsisdn(n));
}
