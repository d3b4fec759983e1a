import type { Reply } from './turn.js';

/** Where a `handoff` screen sent a session: what the legacy app must see on each later hop. */
export interface Handoff {
  /** The dial string the legacy app sees: the service code extended by the screen's `path` (`*384*3*1#`). */
  dial: string;
  /** The screen's `path` (`3*1`), or ''. */
  path: string;
  /** Whole-chain gateways: the inputs this service answered before the hand-off (cut from later chains). */
  chain: string;
}

/**
 * What forwarding needs to know of a gateway's wire format: how a handed-off session's hop looks
 * to the legacy app (`rewrite`), and how to read the legacy app's screen from its reply (`screen`,
 * for shadow comparison). Keyed by codec name; a gateway without one is forwarded unchanged.
 */
export interface LegacyDialect {
  rewrite(body: string, handoff: Handoff, opens: boolean): string;
  screen(body: string): Reply | undefined;
}

const DIALECTS = new Map<string, LegacyDialect>();

export function legacyDialect(codecName: string): LegacyDialect | undefined {
  return DIALECTS.get(codecName);
}
